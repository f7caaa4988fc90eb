// IPC between the Electron window (preload) and the main process, derived from the contract: one request
// channel per operation (ipcRenderer.invoke → ipcMain.handle), one push channel per event (webContents.send).

import { OPERATION_NAMES, type OperationName, type PushEvents } from './contract/operations';

export type IpcChannel = OperationName;
export type IpcEvents = PushEvents;
export type IpcEventName = keyof IpcEvents;

/** Every request channel, for the main process to register. */
export const IPC_CHANNELS: readonly IpcChannel[] = OPERATION_NAMES;

export function invokeChannel(channel: IpcChannel): string {
  return `call-alerts:${channel}`;
}

export function eventChannel(name: IpcEventName): string {
  return `call-alerts:event:${name}`;
}
