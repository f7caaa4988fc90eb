// The window's API over IPC: what the preload exposes as `window.callAlerts`. Built on a two-function port
// (the preload passes ipcRenderer's invoke and listener calls), so it is tested without Electron.

import type { CallStreamEvent, TunnelStatus } from '../../shared/api';
import type { CallAlertsApi, Unsubscribe } from '../../shared/bridge';
import { eventChannel, invokeChannel, type IpcChannel, type IpcContract, type IpcEventName, type IpcEvents } from '../../shared/ipc';

export interface RendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  /** Listens to a push channel; returns the function that stops listening. */
  listen(channel: string, listener: (payload: unknown) => void): Unsubscribe;
}

/** Electron wraps a main-process error as "Error invoking remote method 'x': Error: reason"; keep the reason. */
export function remoteErrorMessage(message: string): string {
  return message.replace(/^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/, '');
}

export function createIpcBridge(port: RendererPort): CallAlertsApi {
  const call =
    <K extends IpcChannel>(channel: K) =>
    async (...args: IpcContract[K]['request']): Promise<IpcContract[K]['response']> => {
      try {
        return (await port.invoke(invokeChannel(channel), ...args)) as IpcContract[K]['response'];
      } catch (error) {
        throw new Error(remoteErrorMessage((error as Error).message));
      }
    };
  const on = <E extends IpcEventName>(name: E, listener: (payload: IpcEvents[E]) => void): Unsubscribe =>
    port.listen(eventChannel(name), (payload) => listener(payload as IpcEvents[E]));

  return {
    transport: 'ipc',
    health: call('health'),
    listCalls: call('listCalls'),
    getCall: call('getCall'),
    listAdSources: call('listAdSources'),
    listDeliveries: call('listDeliveries'),
    getSettings: call('getSettings'),
    updateSettings: call('updateSettings'),
    regenerateToken: call('regenerateToken'),
    exportCsv: call('exportCsv'),
    openExternal: call('openExternal'),
    getTunnel: call('getTunnel'),
    updateTunnelSettings: call('updateTunnelSettings'),
    checkTunnel: call('checkTunnel'),
    restartTunnel: call('restartTunnel'),
    confirmTunnelUrl: call('confirmTunnelUrl'),
    sendTestCall: call('sendTestCall'),
    setTestCallsHidden: call('setTestCallsHidden'),
    deleteTestCalls: call('deleteTestCalls'),
    onTunnelChange(listener: (status: TunnelStatus) => void) {
      return on('tunnel', listener);
    },
    // In-process, the feed cannot drop: the link is live for as long as the window exists.
    subscribe(listener: (event: CallStreamEvent) => void, onConnection) {
      const stop = on('call', listener);
      onConnection?.('live');
      return stop;
    },
    onOpenCall(listener: (callId: number) => void) {
      return on('openCall', listener);
    },
  };
}
