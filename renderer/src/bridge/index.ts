// The window's door to the core: the Electron preload's IPC bridge when present, HTTP + SSE otherwise.
// Only the data hooks (renderer/src/data/) use it; components get data and actions from those hooks.

import type { CallAlertsApi } from '../../../shared/bridge';
import { createHttpBridge } from './http';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in a browser. */
    callAlerts?: CallAlertsApi;
  }
}

export function connectBridge(): CallAlertsApi {
  return window.callAlerts ?? createHttpBridge();
}
