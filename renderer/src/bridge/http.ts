// The bridge over HTTP and server-sent events, for the window served by the headless server: a method per
// operation of the contract, sent to the route the contract gives it. The app's key travels as the HttpOnly
// cookie the App URL set (same-origin requests and the event stream carry it); scripts never see it.

import type { ApiError, CallStreamEvent, CatchUpEvent, FollowUpsEvent, TunnelStatus } from '../../../shared/api';
import type { CallAlertsApi, ConnectionState, Unsubscribe } from '../../../shared/bridge';
import { OPERATIONS, OPERATION_NAMES, type OperationMethods, type OperationName } from '../../../shared/contract/operations';
import { httpCall } from '../../../shared/contract/requests';
import { machineTimeZone } from '../../../shared/timeZone';
import { isWebUrl } from '../format/urls';

/**
 * One server-sent event stream for the whole window (`call`, `tunnel`, `catch-up` and `follow-ups` events), opened while anyone
 * listens: a browser allows only a few open connections per host.
 */
/** How long after a refused stream it is opened again: as long as the `retry` the core's stream asks for. */
const REOPEN_MS = 2000;

function sharedStream(url: string) {
  const calls = new Set<(event: CallStreamEvent) => void>();
  const tunnels = new Set<(status: TunnelStatus) => void>();
  const catchUps = new Set<(event: CatchUpEvent) => void>();
  const followUps = new Set<(event: FollowUpsEvent) => void>();
  const connections = new Set<(state: ConnectionState) => void>();
  let source: EventSource | null = null;
  let state: ConnectionState | null = null;
  let reopen: ReturnType<typeof setTimeout> | null = null;

  const listening = () => calls.size + tunnels.size + catchUps.size + followUps.size > 0;
  const setState = (next: ConnectionState) => {
    state = next;
    for (const listener of connections) listener(next);
  };
  const open = () => {
    if (source) return;
    source = new EventSource(url);
    source.addEventListener('call', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as CallStreamEvent;
      for (const listener of calls) listener(event);
    });
    source.addEventListener('tunnel', (message) => {
      const status = JSON.parse((message as MessageEvent<string>).data) as TunnelStatus;
      for (const listener of tunnels) listener(status);
    });
    source.addEventListener('catch-up', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as CatchUpEvent;
      for (const listener of catchUps) listener(event);
    });
    source.addEventListener('follow-ups', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as FollowUpsEvent;
      for (const listener of followUps) listener(event);
    });
    source.addEventListener('open', () => setState('live'));
    source.addEventListener('error', () => {
      setState('reconnecting');
      // An answer that is not a stream (a 503 while the core starts, a proxy's 502) makes the browser give up for good.
      if (source?.readyState === EventSource.CLOSED && !reopen) {
        reopen = setTimeout(() => {
          reopen = null;
          source = null;
          if (listening()) open();
        }, REOPEN_MS);
      }
    });
  };
  const closeWhenUnused = () => {
    if (listening() || !source) return;
    if (reopen) clearTimeout(reopen);
    reopen = null;
    source.close();
    source = null;
    state = null;
  };
  const listenTo = <E>(listeners: Set<(event: E) => void>, listener: (event: E) => void): Unsubscribe => {
    listeners.add(listener);
    open();
    return () => {
      listeners.delete(listener);
      closeWhenUnused();
    };
  };
  return {
    onCall(listener: (event: CallStreamEvent) => void, onConnection?: (state: ConnectionState) => void): Unsubscribe {
      calls.add(listener);
      if (onConnection) connections.add(onConnection);
      open();
      // A listener joining an open stream hears its current state at once.
      if (state && onConnection) onConnection(state);
      return () => {
        calls.delete(listener);
        if (onConnection) connections.delete(onConnection);
        closeWhenUnused();
      };
    },
    onTunnel: (listener: (status: TunnelStatus) => void) => listenTo(tunnels, listener),
    onCatchUp: (listener: (event: CatchUpEvent) => void) => listenTo(catchUps, listener),
    onFollowUps: (listener: (event: FollowUpsEvent) => void) => listenTo(followUps, listener),
  };
}

export function createHttpBridge(base = ''): CallAlertsApi {
  const stream = sharedStream(`${base}/api/stream`);

  async function send(name: OperationName, request: unknown): Promise<unknown> {
    const call = httpCall(name, request)!;
    const res = await fetch(`${base}${call.url}`, {
      method: call.method,
      headers: call.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
    });
    // An operation that answers with an HTTP status of its own (health's 503) still answers with its result.
    if (res.ok || (res.status === 503 && 'httpStatus' in OPERATIONS[name])) return res.json();
    if (res.status === 404 && 'notFound' in OPERATIONS[name]) return null;
    // The cookie from the App URL's key is gone or stale: the reload shows the page that says how to get it.
    if (res.status === 401) window.location.reload();
    const reason = await res.json().then(
      (e: ApiError) => e.error,
      () => res.statusText,
    );
    throw new Error(reason || `Request failed (${res.status})`);
  }

  const methods = Object.fromEntries(
    OPERATION_NAMES.map((name) => [name, (request?: unknown) => send(name, request)]),
  ) as unknown as OperationMethods;

  return {
    ...methods,
    transport: 'http',
    // A download the browser saves, in the browser's time zone.
    async exportCsv(query) {
      const { url } = httpCall('exportCsv', { ...query, cursor: undefined, limit: undefined, tz: machineTimeZone() })!;
      const link = document.createElement('a');
      link.href = `${base}${url}`;
      link.download = '';
      document.body.append(link);
      link.click();
      link.remove();
    },
    // The browser opens links itself: the core has no route for it.
    async openExternal(url) {
      if (!isWebUrl(url)) throw new Error('Only web addresses (http or https) can be opened');
      window.open(url, '_blank', 'noopener,noreferrer');
    },
    subscribe: (listener, onConnection) => stream.onCall(listener, onConnection),
    onTunnelChange: (listener) => stream.onTunnel(listener),
    onCatchUp: (listener) => stream.onCatchUp(listener),
    onFollowUps: (listener) => stream.onFollowUps(listener),
  };
}
