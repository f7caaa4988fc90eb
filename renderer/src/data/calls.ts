// The call list (keyset pages loaded as the person scrolls, kept current by the pushes written into the
// cache), one call's detail, and the calls a caller made before.

import { useInfiniteQuery, useQueries, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { AdChannelGroup, AdSourcesResponse, CallDetailResponse, ListCallsQuery } from '../../../shared/api';
import type { CallAlertsApi } from '../../../shared/bridge';
import type { Call } from '../../../shared/domain';
import { pageRows, sortedChannels } from '../model/liveCalls';
import { formatRoute, listQuery, parseRoute, type CallFilters } from '../model/route';
import { errorText, useApi } from './api';
import { keys } from './cache';

const PAGE_SIZE = 100;

export interface CallList {
  rows: Call[];
  query: ListCallsQuery;
  /** The first page for the current filters has arrived. */
  loaded: boolean;
  /** A new first page is on its way (the previous rows stay visible meanwhile). */
  refreshing: boolean;
  loadingMore: boolean;
  /** Every matching call is loaded. */
  complete: boolean;
  error: string | null;
  loadMore(): void;
  retry(): void;
}

export function useCallList(filters: CallFilters): CallList {
  const api = useApi();
  const filterKey = formatRoute({ view: 'calls', filters, callId: null });
  // Date presets are read against the clock when the filters change, not on every render.
  const query = useMemo(() => listQuery(parseRoute(filterKey).filters, new Date()), [filterKey]);
  const listOptions = (of: ListCallsQuery) => ({
    queryKey: keys.list(of),
    queryFn: ({ pageParam }: { pageParam: string | null }) => api.listCalls({ ...of, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor,
    // Pushes keep a cached list current; a dropped link or a change of what the server lists marks it stale.
    staleTime: Infinity,
  });
  const wanted = useInfiniteQuery(listOptions(query));
  // The rows shown until the wanted list has its first page: the last list that had one. It is observed (not
  // read again), so pushes written into it show at once, as placeholder data would not.
  const [shownQuery, setShownQuery] = useState(query);
  if (wanted.data !== undefined && shownQuery !== query) setShownQuery(query);
  const previous = useInfiniteQuery({ ...listOptions(shownQuery), enabled: false });
  const shown = wanted.data !== undefined ? wanted : previous;

  const rows = useMemo(() => (shown.data ? pageRows(shown.data.pages) : []), [shown.data]);
  const { hasNextPage, isFetching, isError, fetchNextPage, refetch } = wanted;
  return {
    rows,
    query,
    loaded: shown.data !== undefined,
    refreshing: isFetching && !wanted.isFetchingNextPage,
    loadingMore: wanted.isFetchingNextPage,
    complete: shown.data !== undefined && !shown.hasNextPage,
    error: !isFetching && wanted.error ? errorText(wanted.error) : null,
    // After a failure, more is read only on "Try again" (or when the link comes back), not on every render.
    loadMore: useCallback(() => {
      if (hasNextPage && !isFetching && !isError) void fetchNextPage({ cancelRefetch: false });
    }, [hasNextPage, isFetching, isError, fetchNextPage]),
    retry: useCallback(() => void refetch(), [refetch]),
  };
}

export interface CallDetailState {
  detail: CallDetailResponse | null;
  loading: boolean;
  notFound: boolean;
  error: string | null;
}

const detailQuery = (api: CallAlertsApi, id: number) => ({ queryKey: keys.detail(id), queryFn: () => api.getCall(id) });

/** One call with its events; read again when a push says the call changed. */
export function useCallDetail(id: number): CallDetailState {
  const api = useApi();
  const { data, isFetching, error } = useQuery(detailQuery(api, id));
  return { detail: data ?? null, loading: isFetching, notFound: data === null, error: !isFetching && error ? errorText(error) : null };
}

/** The caller's earlier calls, for the links in the caller card. */
export function useCallsById(ids: readonly number[]): Map<number, Call> {
  const api = useApi();
  return useQueries({
    queries: ids.map((id) => detailQuery(api, id)),
    combine: (results) => new Map(results.flatMap(({ data }) => (data ? [[data.call.id, data.call] as const] : []))),
  });
}

/** The ad sources for the filter, by channel; a source first seen on a live call is added at once (see cache.ts). */
export function useAdSources(): AdChannelGroup[] {
  const api = useApi();
  const { data } = useQuery({
    queryKey: keys.adSources,
    queryFn: () => api.listAdSources().then((r): AdSourcesResponse => ({ channels: sortedChannels(r.channels) })),
    staleTime: Infinity,
  });
  return data?.channels ?? NO_CHANNELS;
}

const NO_CHANNELS: AdChannelGroup[] = [];

export function useExportCsv(): (query: ListCallsQuery) => Promise<void> {
  const api = useApi();
  return useCallback((query) => api.exportCsv(query), [api]);
}

export function useOpenExternal(): (url: string) => Promise<void> {
  const api = useApi();
  return useCallback((url) => api.openExternal(url), [api]);
}
