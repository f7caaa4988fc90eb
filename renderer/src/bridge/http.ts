// The bridge over HTTP and server-sent events, for the window served by the headless server.

import type { ApiError, CallDetailResponse, CallStreamEvent, ListCallsQuery, SettingsResponse } from '../../../shared/api';
import type { CallAlertsApi, ConnectionState } from '../../../shared/bridge';
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

export function createHttpBridge(base = ''): CallAlertsApi {
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
    subscribe(listener: (event: CallStreamEvent) => void, onConnection?: (state: ConnectionState) => void) {
      const source = new EventSource(`${base}/api/stream`);
      source.addEventListener('call', (message) => listener(JSON.parse((message as MessageEvent<string>).data) as CallStreamEvent));
      source.addEventListener('open', () => onConnection?.('live'));
      source.addEventListener('error', () => onConnection?.('reconnecting'));
      return () => source.close();
    },
  };
}
