// The window's copy of the core's data: one query cache, its keys, and how the core's pushes are written
// into it. Reads fill it; pushes (call changes, tunnel status) update it in place; a dropped link that comes
// back marks everything stale (see live.tsx).

import { QueryClient, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import type { AdSourcesResponse, CallDetailResponse, ListCallsQuery, ListCallsResponse, TunnelStatus } from '../../../shared/api';
import type { Call, FollowUpState } from '../../../shared/domain';
import { TEST_TRACKING_NUMBER } from '../../../shared/tunnel/testCall';
import { mergeLiveCallIntoPages, withAdSource, withoutCalls } from '../model/liveCalls';

export const keys = {
  lists: ['calls', 'list'] as const,
  list: (query: ListCallsQuery) => ['calls', 'list', query] as const,
  detail: (id: number) => ['calls', 'detail', id] as const,
  adSources: ['ad-sources'] as const,
  lines: ['lines'] as const,
  settings: ['settings'] as const,
  tunnel: ['tunnel'] as const,
  catchUp: ['catch-up'] as const,
  followUps: ['follow-ups'] as const,
  followUpList: (state: FollowUpState) => ['follow-ups', state] as const,
};

export type CallPages = InfiniteData<ListCallsResponse, string | null>;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // An error is shown at once, as the core is on this PC; the link state (live.tsx) decides when to read
      // again, not the browser's focus or online events.
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}

/**
 * Reads `queryKey` again, dropping an answer already on its way: it may have been read before the change
 * just pushed was stored. (Cancelled first, because invalidating alone keeps an in-flight first read.)
 */
function readAgain(client: QueryClient, queryKey: QueryKey): void {
  void client.cancelQueries({ queryKey, exact: true }).then(() => client.invalidateQueries({ queryKey, exact: true }));
}

/** A pushed change into one query; if that query is being read meanwhile, it is read again once more. */
function writePush<T>(client: QueryClient, queryKey: QueryKey, update: (data: T | undefined) => T | undefined): void {
  client.setQueryData<T>(queryKey, update);
  if (client.isFetching({ queryKey, exact: true }) > 0) readAgain(client, queryKey);
}

/** "Send a test call"'s own tracking number, or a call the core listed as a test call. */
function isTestCall(client: QueryClient, call: Call): boolean {
  return call.calledNumber === TEST_TRACKING_NUMBER || (client.getQueryData<TunnelStatus>(keys.tunnel)?.testCalls.callIds.includes(call.id) ?? false);
}

/** A streamed call change: into every cached list (each by its own filters), the ad sources and the call's detail. */
export function writeCallPush(client: QueryClient, call: Call): void {
  for (const { queryKey } of client.getQueryCache().findAll({ queryKey: keys.lists })) {
    const query = queryKey[2] as ListCallsQuery;
    writePush<CallPages>(client, queryKey, (data) => data && { ...data, pages: mergeLiveCallIntoPages(data.pages, call, query) });
  }
  // Not loaded yet: a read on its way may predate this call, so it is written (and that read made again).
  // Test calls are not in the filter, as the core leaves them out.
  const channels = client.getQueryData<AdSourcesResponse>(keys.adSources)?.channels;
  if ((call.adChannel ?? call.adSource) && !isTestCall(client, call) && (!channels || withAdSource(channels, call) !== channels)) {
    writePush<AdSourcesResponse>(client, keys.adSources, (data) => data && { channels: withAdSource(data.channels, call) });
  }
  // The detail also lists the call's webhook events, which only a read brings.
  client.setQueryData<CallDetailResponse | null>(keys.detail(call.id), (data) => data && { ...data, call });
  readAgain(client, keys.detail(call.id));
}

export type CallsChange = (call: Call) => Call;

// Who else holds calls outside the cache (the toasts), per cache.
const changeListeners = new WeakMap<QueryClient, Set<(change: CallsChange) => void>>();

/** Hears every `writeCallsChange` of this cache; returns the unsubscribe. */
export function onCallsChange(client: QueryClient, listener: (change: CallsChange) => void): () => void {
  const listeners = changeListeners.get(client) ?? new Set();
  changeListeners.set(client, listeners);
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/**
 * A change made in this window (a saved name, a line's label) into every cached call at once; the lists are
 * then read again, since the change can move calls into or out of a search.
 */
export function writeCallsChange(client: QueryClient, change: CallsChange): void {
  for (const listener of changeListeners.get(client) ?? []) listener(change);
  client.setQueriesData<CallPages>({ queryKey: keys.lists }, (data) => {
    if (!data) return data;
    let changed = false;
    const pages = data.pages.map((page) => {
      const calls = page.calls.map(change);
      if (calls.every((c, i) => c === page.calls[i])) return page;
      changed = true;
      return { ...page, calls };
    });
    return changed ? { ...data, pages } : data;
  });
  for (const { queryKey } of client.getQueryCache().findAll({ queryKey: ['calls', 'detail'] })) {
    client.setQueryData<CallDetailResponse | null>(queryKey, (data) => {
      if (!data) return data;
      const call = change(data.call);
      return call === data.call ? data : { ...data, call };
    });
  }
  void client.invalidateQueries({ queryKey: keys.lists });
}

/** A tunnel status push. Test calls hidden, shown or deleted change what the server lists: the lists are read again. */
export function writeTunnelPush(client: QueryClient, status: TunnelStatus): void {
  const before = client.getQueryData<TunnelStatus>(keys.tunnel)?.testCalls;
  writePush<TunnelStatus>(client, keys.tunnel, () => status);
  if (!before) return;
  const deleted = before.callIds.filter((id) => !status.testCalls.callIds.includes(id));
  if (deleted.length > 0)
    client.setQueriesData<CallPages>({ queryKey: keys.lists }, (data) => data && { ...data, pages: withoutCalls(data.pages, deleted) });
  if (deleted.length > 0 || before.hidden !== status.testCalls.hidden) void client.invalidateQueries({ queryKey: keys.lists });
}
