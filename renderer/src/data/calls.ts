// The call list (keyset pages loaded as the person scrolls, kept current by the live stream), one call's
// detail, and the calls a caller made before.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CallDetailResponse, ListCallsQuery } from '../../../shared/api';
import type { Call } from '../../../shared/domain';
import { foldLiveCalls, LiveCallLog, mergeLiveCall } from '../model/liveCalls';
import { formatRoute, listQuery, type CallFilters } from '../model/route';
import { errorText, useApi } from './api';
import { useLiveCalls } from './live';

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

interface ListState {
  rows: Call[];
  cursor: string | null;
  complete: boolean;
  loaded: boolean;
  refreshing: boolean;
  loadingMore: boolean;
  error: string | null;
}

function withoutDuplicates(rows: Call[], more: Call[]): Call[] {
  const seen = new Set(rows.map((r) => r.id));
  return [...rows, ...more.filter((c) => !seen.has(c.id))];
}

/** `reloadKey`: a change reloads the list from its first page (test calls hidden, shown or deleted). */
export function useCallList(filters: CallFilters, reloadKey = ''): CallList {
  const api = useApi();
  const filterKey = formatRoute({ view: 'calls', filters, callId: null });
  // Date presets are read against the clock when the filters change, not on every render.
  const query = useMemo(() => listQuery(filters, new Date()), [filterKey]);
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<ListState>({
    rows: [],
    cursor: null,
    complete: false,
    loaded: false,
    refreshing: true,
    loadingMore: false,
    error: null,
  });
  const generation = useRef(0);
  // Calls streamed while a page is on its way: the page may have been read before they were stored.
  const liveLog = useRef(new LiveCallLog());

  useEffect(() => {
    const current = ++generation.current;
    const since = liveLog.current.mark();
    setState((s) => ({ ...s, refreshing: true, loadingMore: false, error: null }));
    api.listCalls({ ...query, limit: PAGE_SIZE }).then(
      (page) => {
        if (current !== generation.current) return;
        const complete = page.nextCursor === null;
        setState({
          rows: foldLiveCalls(page.calls, liveLog.current.since(since), query, complete),
          cursor: page.nextCursor,
          complete,
          loaded: true,
          refreshing: false,
          loadingMore: false,
          error: null,
        });
      },
      (error: unknown) => {
        if (current === generation.current) setState((s) => ({ ...s, refreshing: false, error: errorText(error) }));
      },
    );
  }, [api, query, attempt, reloadKey]);

  const stateRef = useRef(state);
  stateRef.current = state;
  const loadMore = useCallback(() => {
    const s = stateRef.current;
    if (s.loadingMore || s.refreshing || s.complete || !s.cursor) return;
    const current = generation.current;
    const since = liveLog.current.mark();
    setState({ ...s, loadingMore: true });
    api.listCalls({ ...query, limit: PAGE_SIZE, cursor: s.cursor }).then(
      (page) => {
        if (current !== generation.current) return;
        const complete = page.nextCursor === null;
        const streamed = liveLog.current.since(since);
        setState((prev) => ({
          ...prev,
          // A streamed call that sorted past the loaded rows waited for this page; it may be older than the page.
          rows: foldLiveCalls(withoutDuplicates(prev.rows, page.calls), streamed, query, complete),
          cursor: page.nextCursor,
          complete,
          loadingMore: false,
        }));
      },
      (error: unknown) => {
        if (current === generation.current) setState((prev) => ({ ...prev, loadingMore: false, error: errorText(error) }));
      },
    );
  }, [api, query]);

  useLiveCalls(
    ({ call }) => {
      liveLog.current.add(call);
      setState((s) => {
        const rows = mergeLiveCall(s.rows, call, query, s.complete);
        return rows === s.rows ? s : { ...s, rows };
      });
    },
    // Back after a dropped link: fold in whatever arrived meanwhile from a fresh first page.
    () =>
      void api.listCalls({ ...query, limit: PAGE_SIZE }).then((page) =>
        setState((s) => ({ ...s, rows: foldLiveCalls(s.rows, page.calls, query, s.complete) })),
      ),
  );

  return {
    ...state,
    query,
    loadMore,
    retry: useCallback(() => setAttempt((n) => n + 1), []),
  };
}

export interface CallDetailState {
  detail: CallDetailResponse | null;
  loading: boolean;
  notFound: boolean;
  error: string | null;
}

/** One call with its events; fetched again when the stream says the call changed. */
export function useCallDetail(id: number | null): CallDetailState {
  const api = useApi();
  const [state, setState] = useState<CallDetailState>({ detail: null, loading: false, notFound: false, error: null });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (id === null) {
      setState({ detail: null, loading: false, notFound: false, error: null });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null, detail: s.detail?.call.id === id ? s.detail : null }));
    api.getCall(id).then(
      (detail) => live && setState({ detail, loading: false, notFound: detail === null, error: null }),
      (error: unknown) => live && setState((s) => ({ ...s, loading: false, error: errorText(error) })),
    );
    return () => {
      live = false;
    };
  }, [api, id, version]);

  useLiveCalls(({ call }) => {
    if (call.id === id) setVersion((v) => v + 1);
  });
  return state;
}

/** The caller's earlier calls, for the links in the caller card. */
export function useCallsById(ids: readonly number[]): Map<number, Call> {
  const api = useApi();
  const [calls, setCalls] = useState(new Map<number, Call>());
  // The ids arrive as a new array on every render: their joined text says when they really changed.
  const key = ids.join(',');
  useEffect(() => {
    let live = true;
    Promise.all(ids.map((id) => api.getCall(id).catch(() => null))).then((details) => {
      if (!live) return;
      setCalls(new Map(details.flatMap((d) => (d ? [[d.call.id, d.call] as const] : []))));
    });
    return () => {
      live = false;
    };
  }, [api, key]);
  return calls;
}

function withSource(list: readonly string[], ...sources: string[]): string[] {
  return [...new Set([...list, ...sources])].sort((a, b) => a.localeCompare(b));
}

/** The ad sources for the filter; a source first seen on a live call is added at once. */
export function useAdSources(): string[] {
  const api = useApi();
  const [sources, setSources] = useState<string[]>([]);
  useEffect(() => {
    api.listAdSources().then(
      // Kept with any source a live call added while the list was on its way.
      (r) => setSources((list) => withSource(r.adSources, ...list)),
      () => undefined,
    );
  }, [api]);
  useLiveCalls(({ call }) => {
    const source = call.adSource;
    if (source) setSources((list) => (list.includes(source) ? list : withSource(list, source)));
  });
  return sources;
}

export function useExportCsv(): (query: ListCallsQuery) => Promise<void> {
  const api = useApi();
  return useCallback((query) => api.exportCsv(query), [api]);
}

export function useOpenExternal(): (url: string) => Promise<void> {
  const api = useApi();
  return useCallback((url) => api.openExternal(url), [api]);
}
