// The window's one door to the core. Headless mode carries it over HTTP + server-sent events
// (renderer/src/bridge/http.ts); the Electron preload exposes the same shape as `window.callAlerts` over IPC.

import type {
  AdSourcesResponse,
  CallDetailResponse,
  CallStreamEvent,
  DeleteTestCallsResponse,
  HealthResponse,
  ListCallsQuery,
  ListCallsResponse,
  ListDeliveriesResponse,
  SettingsResponse,
  TestCallResult,
  TestCallsResponse,
  TunnelCheck,
  TunnelStatus,
  UpdateSettingsRequest,
  UpdateTunnelSettingsRequest,
} from './api';

export type Unsubscribe = () => void;

/** `live` while call events flow; `reconnecting` after the link dropped (calls may have been missed). */
export type ConnectionState = 'live' | 'reconnecting';

export interface CallAlertsApi {
  /** How the bridge reaches the core: the window offers Web Notifications only over `http`. */
  readonly transport: 'ipc' | 'http';
  health(): Promise<HealthResponse>;
  /** Newest first, one keyset page; pass `nextCursor` back as `cursor` for the next page. */
  listCalls(query: ListCallsQuery): Promise<ListCallsResponse>;
  /** The call and its stored events, or null when no call has that id. */
  getCall(id: number): Promise<CallDetailResponse | null>;
  listAdSources(): Promise<AdSourcesResponse>;
  listDeliveries(limit?: number): Promise<ListDeliveriesResponse>;
  getSettings(): Promise<SettingsResponse>;
  updateSettings(update: UpdateSettingsRequest): Promise<SettingsResponse>;
  /** Makes a new webhook token: the old webhook URL stops working at once. */
  regenerateToken(): Promise<SettingsResponse>;
  /** Saves every call matching the filters (no cursor, no limit) as CSV: a download, or a save dialog. */
  exportCsv(query: ListCallsQuery): Promise<void>;
  /** Opens an http(s) URL (a recording) in the person's browser. */
  openExternal(url: string): Promise<void>;
  /** The public webhook URL (tunnel): provider, state, URL, last self-test, test calls. */
  getTunnel(): Promise<TunnelStatus>;
  /** Saves the provider and its options (tokens: a string sets, null removes, absent keeps); the tunnel restarts. */
  updateTunnelSettings(update: UpdateTunnelSettingsRequest): Promise<TunnelStatus>;
  /** Runs the self-test through the public URL now. */
  checkTunnel(): Promise<TunnelCheck>;
  /** Reconnects now, also out of `failed`. */
  restartTunnel(): Promise<TunnelStatus>;
  /** Records that `url` is entered in Marketing Edge; rejected when it is no longer the current public webhook URL. */
  confirmTunnelUrl(url: string): Promise<TunnelStatus>;
  /** Posts a sample Call Start through the public URL and follows it back in. */
  sendTestCall(): Promise<TestCallResult>;
  setTestCallsHidden(hidden: boolean): Promise<TestCallsResponse>;
  deleteTestCalls(): Promise<DeleteTestCallsResponse>;
  /** Every tunnel status change (state, URL, self-test, test calls) as it happens. */
  onTunnelChange(listener: (status: TunnelStatus) => void): Unsubscribe;
  /** Every `call` change as it happens; `onConnection` reports when the link drops and comes back. */
  subscribe(listener: (event: CallStreamEvent) => void, onConnection?: (state: ConnectionState) => void): Unsubscribe;
  /** Requests from outside the window to show a call (a clicked desktop notification); Electron only. */
  onOpenCall?(listener: (callId: number) => void): Unsubscribe;
}
