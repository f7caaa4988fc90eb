// The IPC contract between the Electron window (preload) and the main process: one table, channel name →
// {request, response}, checked at compile time against the window's API (shared/bridge.ts), so the IPC
// transport cannot drift from the HTTP one.

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
import type { CallAlertsApi } from './bridge';

/** Requests from the window (ipcRenderer.invoke → ipcMain.handle). `request` is the argument list. */
export interface IpcContract {
  health: { request: []; response: HealthResponse };
  listCalls: { request: [query: ListCallsQuery]; response: ListCallsResponse };
  getCall: { request: [id: number]; response: CallDetailResponse | null };
  listAdSources: { request: []; response: AdSourcesResponse };
  listDeliveries: { request: [limit?: number]; response: ListDeliveriesResponse };
  getSettings: { request: []; response: SettingsResponse };
  updateSettings: { request: [update: UpdateSettingsRequest]; response: SettingsResponse };
  regenerateToken: { request: []; response: SettingsResponse };
  exportCsv: { request: [query: ListCallsQuery]; response: void };
  openExternal: { request: [url: string]; response: void };
  getTunnel: { request: []; response: TunnelStatus };
  updateTunnelSettings: { request: [update: UpdateTunnelSettingsRequest]; response: TunnelStatus };
  checkTunnel: { request: []; response: TunnelCheck };
  restartTunnel: { request: []; response: TunnelStatus };
  confirmTunnelUrl: { request: [url: string]; response: TunnelStatus };
  sendTestCall: { request: []; response: TestCallResult };
  setTestCallsHidden: { request: [hidden: boolean]; response: TestCallsResponse };
  deleteTestCalls: { request: []; response: DeleteTestCallsResponse };
}

/** Messages the main process pushes to the window (webContents.send → ipcRenderer.on). */
export interface IpcEvents {
  call: CallStreamEvent;
  openCall: number;
  tunnel: TunnelStatus;
}

export type IpcChannel = keyof IpcContract;
export type IpcEventName = keyof IpcEvents;

export function invokeChannel(channel: IpcChannel): string {
  return `call-alerts:${channel}`;
}

export function eventChannel(name: IpcEventName): string {
  return `call-alerts:event:${name}`;
}

/** Every request channel, listed once for the main process to register (completeness checked below). */
export const IPC_CHANNELS = [
  'health',
  'listCalls',
  'getCall',
  'listAdSources',
  'listDeliveries',
  'getSettings',
  'updateSettings',
  'regenerateToken',
  'exportCsv',
  'openExternal',
  'getTunnel',
  'updateTunnelSettings',
  'checkTunnel',
  'restartTunnel',
  'confirmTunnelUrl',
  'sendTestCall',
  'setTestCallsHidden',
  'deleteTestCalls',
] as const satisfies readonly IpcChannel[];

// ---- Compile-time checks: a mismatch is a type error in this file ----

export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** True only when every member of the union `U` is true (a mapped check yields one boolean per key). */
export type AllTrue<U> = [U] extends [true] ? true : false;

/** Members of the API carried by a push event or known locally, rather than by a request. */
type NotRequests = 'transport' | 'subscribe' | 'onOpenCall' | 'onTunnelChange';

/** Every channel's contract has an argument list and a response. */
export type EveryChannelHasContract<C> = AllTrue<
  {
    [K in keyof C]: C[K] extends { request: readonly unknown[]; response: unknown } ? true : false;
  }[keyof C]
>;

/** The channels are exactly the API's request methods, each with the same arguments and result. */
export type ContractCoversApi<Api, C> =
  Equals<Exclude<keyof Api, NotRequests>, keyof C> extends true
    ? AllTrue<{
        [K in keyof C & keyof Api]: Api[K] extends (...args: infer A) => infer R
          ? C[K] extends { request: infer Q; response: infer S }
            ? Equals<A, Q> extends true
              ? Equals<R, Promise<S>>
              : false
            : false
          : false;
      }[keyof C & keyof Api]>
    : false;

/** The push events carry what the API's listeners receive. */
export type EventsMatchApi<Api extends CallAlertsApi, E extends IpcEvents> = Equals<
  [
    Parameters<Parameters<Api['subscribe']>[0]>[0],
    Parameters<Parameters<NonNullable<Api['onOpenCall']>>[0]>[0],
    Parameters<Parameters<Api['onTunnelChange']>[0]>[0],
  ],
  [E['call'], E['openCall'], E['tunnel']]
>;

export const IPC_CONTRACT_CHECKS: [
  EveryChannelHasContract<IpcContract>,
  ContractCoversApi<CallAlertsApi, IpcContract>,
  EventsMatchApi<CallAlertsApi, IpcEvents>,
  Equals<(typeof IPC_CHANNELS)[number], IpcChannel>,
] = [true, true, true, true];
