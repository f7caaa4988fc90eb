// The window's one door to the core: a method per operation of the contract, and the push events. Headless
// mode carries it over HTTP + server-sent events (renderer/src/bridge/http.ts); the Electron preload exposes
// the same shape as `window.callAlerts` over IPC (electron/shell/ipcBridge.ts).

import type { CallStreamEvent, CatchUpEvent, FollowUpsEvent, TunnelStatus } from './api';
import type { OperationMethods } from './contract/operations';

export type Unsubscribe = () => void;

/** `live` while call events flow; `reconnecting` after the link dropped (calls may have been missed). */
export type ConnectionState = 'live' | 'reconnecting';

export interface CallAlertsApi extends OperationMethods {
  /** How the bridge reaches the core: the window offers Web Notifications only over `http`. */
  readonly transport: 'ipc' | 'http';
  /** Every tunnel status change (state, URL, self-test, test calls) as it happens. */
  onTunnelChange(listener: (status: TunnelStatus) => void): Unsubscribe;
  /** The summary of each catch-up run that added calls (their calls come through `subscribe`, without alerts). */
  onCatchUp(listener: (event: CatchUpEvent) => void): Unsubscribe;
  /** Every change of the call-back entries, with how many are open (the `follow-ups` push). */
  onFollowUps(listener: (event: FollowUpsEvent) => void): Unsubscribe;
  /** Every `call` change as it happens; `onConnection` reports when the link drops and comes back. */
  subscribe(listener: (event: CallStreamEvent) => void, onConnection?: (state: ConnectionState) => void): Unsubscribe;
  /** Requests from outside the window to show a call (a clicked desktop notification); Electron only. */
  onOpenCall?(listener: (callId: number) => void): Unsubscribe;
}
