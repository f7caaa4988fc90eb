// The preload: runs sandboxed in the window before its page and exposes one narrow object,
// `window.callAlerts` (the CallAlertsApi of shared/bridge.ts), over IPC. No Node, no ipcRenderer, leaks out.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createIpcBridge } from './ipcBridge';

contextBridge.exposeInMainWorld(
  'callAlerts',
  createIpcBridge({
    invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
    listen(channel, listener) {
      const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, handler);
      return () => {
        ipcRenderer.removeListener(channel, handler);
      };
    },
  }),
);
