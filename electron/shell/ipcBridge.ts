// The window's API over IPC: what the preload exposes as `window.callAlerts`, a method per operation of the
// contract. Built on a two-function port (the preload passes ipcRenderer's invoke and listener calls), so
// it is tested without Electron.

import type { CallAlertsApi, Unsubscribe } from '../../shared/bridge';
import { OPERATION_NAMES, type OperationMethods } from '../../shared/contract/operations';
import { eventChannel, invokeChannel, type IpcEventName, type IpcEvents } from '../../shared/ipc';

export interface RendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  /** Listens to a push channel; returns the function that stops listening. */
  listen(channel: string, listener: (payload: unknown) => void): Unsubscribe;
}

/** Electron wraps a main-process error as "Error invoking remote method 'x': Error: reason"; keep the reason. */
export function remoteErrorMessage(message: string): string {
  return message.replace(/^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/, '');
}

/**
 * The bridge method that listens to each push event (`call` has its own, `subscribe`). A push added to the
 * contract without its method here, or given the method of another event's payload, does not compile.
 */
export const PUSH_LISTENERS = {
  tunnel: 'onTunnelChange',
  'catch-up': 'onCatchUp',
  'follow-ups': 'onFollowUps',
  openCall: 'onOpenCall',
} as const satisfies { [E in Exclude<IpcEventName, 'call'>]: keyof CallAlertsApi };

type PushListeners = {
  [E in keyof typeof PUSH_LISTENERS as (typeof PUSH_LISTENERS)[E]]-?: (listener: (payload: IpcEvents[E]) => void) => Unsubscribe;
};

export function createIpcBridge(port: RendererPort): CallAlertsApi {
  const methods = Object.fromEntries(
    OPERATION_NAMES.map((name) => [
      name,
      async (...args: unknown[]) => {
        try {
          return await port.invoke(invokeChannel(name), ...args);
        } catch (error) {
          throw new Error(remoteErrorMessage((error as Error).message), { cause: error });
        }
      },
    ]),
  ) as unknown as OperationMethods;
  const on = <E extends IpcEventName>(name: E, listener: (payload: IpcEvents[E]) => void): Unsubscribe =>
    port.listen(eventChannel(name), (payload) => listener(payload as IpcEvents[E]));
  const pushes = Object.fromEntries(
    Object.entries(PUSH_LISTENERS).map(([name, method]) => [method, (listener: (payload: unknown) => void) => on(name as IpcEventName, listener)]),
  ) as PushListeners;

  return {
    ...methods,
    ...pushes,
    transport: 'ipc',
    // In-process, the feed cannot drop: the link is live for as long as the window exists.
    subscribe(listener, onConnection) {
      const stop = on('call', listener);
      onConnection?.('live');
      return stop;
    },
  };
}
