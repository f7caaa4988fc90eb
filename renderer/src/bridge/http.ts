// The bridge over HTTP and server-sent events, for the window served by the headless server.

import type { ApiError, CallDetailResponse, CallStreamEvent, ListCallsQuery, SettingsResponse, TunnelStatus } from '../../../shared/api';
import type { CallAlertsApi, ConnectionState, Unsubscribe } from '../../../shared/bridge';
import { isWebUrl } from '../format/urls';

export function queryString(query: ListCallsQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

class ApiFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * One server-sent event stream for the whole window (`call` and `tunnel` events), opened while anyone
 * listens: a browser allows only a few open connections per host.
 */
function sharedStream(url: string) {
  const calls = new Set<(event: CallStreamEvent) => void>();
  const tunnels = new Set<(status: TunnelStatus) => void>();
  const connections = new Set<(state: ConnectionState) => void>();
  let source: EventSource | null = null;
  let state: ConnectionState | null = null;

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
    source.addEventListener('open', () => setState('live'));
    source.addEventListener('error', () => setState('reconnecting'));
  };
  const closeWhenUnused = () => {
    if (calls.size + tunnels.size > 0 || !source) return;
    source.close();
    source = null;
    state = null;
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
    onTunnel(listener: (status: TunnelStatus) => void): Unsubscribe {
      tunnels.add(listener);
      open();
      return () => {
        tunnels.delete(listener);
        closeWhenUnused();
      };
    },
  };
}

export function createHttpBridge(base = ''): CallAlertsApi {
  const stream = sharedStream(`${base}/api/stream`);

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) {
      const reason = await res.json().then(
        (e: ApiError) => e.error,
        () => res.statusText,
      );
      throw new ApiFailure(reason || `Request failed (${res.status})`, res.status);
    }
    return (await res.json()) as T;
  }

  return {
    transport: 'http',
    health: () => request('GET', '/api/health'),
    listCalls: (query) => request('GET', `/api/calls${queryString(query)}`),
    getCall: (id) =>
      request<CallDetailResponse>('GET', `/api/calls/${id}`).catch((error: unknown) => {
        if (error instanceof ApiFailure && error.status === 404) return null;
        throw error;
      }),
    listAdSources: () => request('GET', '/api/ad-sources'),
    listDeliveries: (limit = 100) => request('GET', `/api/deliveries?limit=${limit}`),
    getSettings: () => request<SettingsResponse>('GET', '/api/settings'),
    updateSettings: (update) => request('PUT', '/api/settings', update),
    regenerateToken: () => request('POST', '/api/settings/regenerate-token'),
    async exportCsv(query) {
      const filters = { ...query, cursor: undefined, limit: undefined };
      const link = document.createElement('a');
      link.href = `${base}/api/calls.csv${queryString(filters, { tz: Intl.DateTimeFormat().resolvedOptions().timeZone })}`;
      link.download = '';
      document.body.append(link);
      link.click();
      link.remove();
    },
    async openExternal(url) {
      if (!isWebUrl(url)) throw new Error('Only web addresses (http or https) can be opened');
      window.open(url, '_blank', 'noopener,noreferrer');
    },
    getTunnel: () => request('GET', '/api/tunnel'),
    updateTunnelSettings: (update) => request('PUT', '/api/tunnel/settings', update),
    checkTunnel: () => request('POST', '/api/tunnel/check'),
    restartTunnel: () => request('POST', '/api/tunnel/restart'),
    confirmTunnelUrl: (url) => request('POST', '/api/tunnel/confirm-url', { url }),
    sendTestCall: () => request('POST', '/api/tunnel/test-call'),
    setTestCallsHidden: (hidden) => request('PUT', '/api/tunnel/test-calls', { hidden }),
    deleteTestCalls: () => request('DELETE', '/api/tunnel/test-calls'),
    subscribe: (listener, onConnection) => stream.onCall(listener, onConnection),
    onTunnelChange: (listener) => stream.onTunnel(listener),
  };
}
