// The deliveries inspector's reads and actions through the bridge: webhook deliveries and the catch-up answers
// kept from the vendor's API, each a list paged backwards (newest first), one item's detail, and Re-process.
// Lists are read when the view opens, on Refresh, after a Re-process, and after the calls the core pushes
// (a delivery or answer just filed them): about once a second on the first page, or offered when paged older.

import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type {
  ApiAnswerView,
  DeliveryKind,
  DeliveryView,
  ListApiAnswersResponse,
  ListDeliveriesResponse,
  RefusedBodies,
  ReprocessResult,
} from '../../../shared/api';
import { IDLE_REFRESH, refreshLanded, refreshPushed, refreshWoke, type RefreshState, type RefreshStep } from '../model/liveRefresh';
import { formatInspectorRoute, parseInspectorRoute, type AnswerOutcome, type InspectorRoute } from '../model/route';
import { errorText, useApi } from './api';
import { useLiveCalls } from './live';

/** One page of the list: the newest 50, then 50 older at each "Older". */
export const INSPECTOR_PAGE = 50;

const inspectorKeys = {
  deliveries: ['deliveries'] as const,
  deliveryList: (kind: DeliveryKind | null, q: string) => ['deliveries', 'list', kind, q] as const,
  delivery: (id: number) => ['deliveries', 'one', id] as const,
  answers: ['api-answers'] as const,
  answerList: (outcome: AnswerOutcome | null) => ['api-answers', 'list', outcome] as const,
  answer: (id: number) => ['api-answers', 'one', id] as const,
};

/** How a list follows the calls the core pushes (see useFollowPushes). */
export interface LiveFollow {
  /** Calls came in while older pages were shown or the list was held: they wait for `showNewest`. */
  newerWaiting: boolean;
  /** Back to the newest page, read again; resolves once it is read (the offer stays until then). */
  showNewest(): Promise<void>;
  /** While held (the keyboard is in the list, or a detail is open), new items are offered, not put in. */
  hold(held: boolean): void;
}

export interface PagedList<T> extends LiveFollow {
  items: T[];
  loaded: boolean;
  error: string | null;
  /** Older items are stored beyond those shown. */
  hasOlder: boolean;
  loadingOlder: boolean;
  refreshing: boolean;
  loadOlder(): void;
  refresh(): void;
}

export interface DeliveryList extends PagedList<DeliveryView> {
  /** How many of each kind that asks for attention are stored in all; null until loaded. */
  problemCounts: ListDeliveriesResponse['problemCounts'] | null;
  refusedBodies: RefusedBodies | null;
}

interface PagedQuery<P> {
  data?: { pages: P[] };
  error: Error | null;
  isFetched: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetching: boolean;
  fetchNextPage(): Promise<unknown>;
  refetch(): Promise<unknown>;
}

/**
 * Follows the core's call pushes: each one means a delivery or answer was just filed. On the first page the
 * list is read again (coalesced: see model/liveRefresh.ts); paged older or held, the person's place is kept and
 * the newer ones are offered instead.
 */
function useFollowPushes(queryKey: QueryKey, pageCount: number): LiveFollow {
  const client = useQueryClient();
  const keyText = JSON.stringify(queryKey);
  // Kept per list, so another filter does not inherit the offer.
  const [waitingFor, setWaitingFor] = useState<string | null>(null);
  const held = useRef(false);
  const pages = useRef(pageCount);
  useEffect(() => {
    pages.current = pageCount;
  }, [pageCount]);
  // One rule per list (filter, search), its timer stopped when the list changes or the view closes.
  const onPush = useRef<() => void>(() => undefined);
  useEffect(() => {
    let state: RefreshState = IDLE_REFRESH;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let open = true;
    function apply(step: RefreshStep): void {
      state = step.state;
      if (timer !== null) clearTimeout(timer);
      timer = step.wakeAt === null ? null : setTimeout(() => apply(refreshWoke(state, Date.now())), step.wakeAt - Date.now());
      if (!step.start) return;
      const landed = () => {
        if (open) apply(refreshLanded(state, Date.now()));
      };
      // Paged older or held since the push: offered instead, so nothing moves under the person.
      if (pages.current > 1 || held.current) {
        setWaitingFor(keyText);
        return landed();
      }
      // Never cancels a read on its way (in a storm no read would ever land). One on its way began before this
      // push and may miss it: it lands first, then the list is read again.
      const read = () => client.refetchQueries({ queryKey, exact: true }, { cancelRefetch: false });
      const inFlight = client.isFetching({ queryKey, exact: true }) > 0;
      void (inFlight ? read().then(read) : read()).finally(landed);
    }
    onPush.current = () => {
      if (pages.current > 1 || held.current) setWaitingFor(keyText);
      else apply(refreshPushed(state, Date.now()));
    };
    return () => {
      open = false;
      if (timer !== null) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by its text: a new array each render is the same list
  }, [client, keyText]);
  useLiveCalls(() => onPush.current());
  const showNewest = useCallback(async () => {
    // Only the first page is kept (no flash of an empty list), then read again.
    client.setQueryData<InfiniteData<unknown, unknown>>(
      queryKey,
      (data) => data && { pages: data.pages.slice(0, 1), pageParams: data.pageParams.slice(0, 1) },
    );
    // Asked for by the person: a read on its way with the older pages may be cancelled.
    await client.refetchQueries({ queryKey, exact: true });
    setWaitingFor(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by its text: a new array each render is the same list
  }, [client, keyText]);
  const hold = useCallback((next: boolean) => {
    held.current = next;
  }, []);
  return { newerWaiting: waitingFor === keyText, showNewest, hold };
}

function paged<P, T>(query: PagedQuery<P>, items: T[], follow: LiveFollow): PagedList<T> {
  const { fetchNextPage, refetch } = query;
  return {
    ...follow,
    items,
    loaded: query.data !== undefined || query.isFetched,
    error: query.error ? errorText(query.error) : null,
    hasOlder: query.hasNextPage,
    loadingOlder: query.isFetchingNextPage,
    refreshing: query.isFetching && !query.isFetchingNextPage,
    // Bound once: the view's buttons keep one handler per list.
    loadOlder: () => void fetchNextPage(),
    refresh: () => void refetch(),
  };
}

export function useDeliveryList(kind: DeliveryKind | null, q: string): DeliveryList {
  const api = useApi();
  const query = useInfiniteQuery({
    queryKey: inspectorKeys.deliveryList(kind, q),
    queryFn: ({ pageParam }: { pageParam: number | null }) =>
      api.listDeliveries({
        limit: INSPECTOR_PAGE,
        ...(pageParam !== null ? { before: pageParam } : {}),
        ...(kind ? { kind } : {}),
        ...(q ? { q } : {}),
      }),
    initialPageParam: null as number | null,
    getNextPageParam: (page: ListDeliveriesResponse) => page.nextCursor,
  });
  const pages = query.data?.pages;
  const items = useMemo(() => pages?.flatMap((p) => p.deliveries) ?? [], [pages]);
  const follow = useFollowPushes(inspectorKeys.deliveryList(kind, q), pages?.length ?? 0);
  return {
    ...paged(query, items, follow),
    // The first page's counts and budget are the newest read.
    problemCounts: pages?.[0]?.problemCounts ?? null,
    refusedBodies: pages?.[0]?.refusedBodies ?? null,
  };
}

export function useAnswerList(outcome: AnswerOutcome | null): PagedList<ApiAnswerView> {
  const api = useApi();
  const query = useInfiniteQuery({
    queryKey: inspectorKeys.answerList(outcome),
    queryFn: ({ pageParam }: { pageParam: number | null }) =>
      api.listApiAnswers({ limit: INSPECTOR_PAGE, ...(pageParam !== null ? { before: pageParam } : {}), ...(outcome ? { outcome } : {}) }),
    initialPageParam: null as number | null,
    getNextPageParam: (page: ListApiAnswersResponse) => page.nextCursor,
  });
  const pages = query.data?.pages;
  const items = useMemo(() => pages?.flatMap((p) => p.answers) ?? [], [pages]);
  const follow = useFollowPushes(inspectorKeys.answerList(outcome), pages?.length ?? 0);
  return paged(query, items, follow);
}

export interface ItemState<T> {
  item: T | null;
  loading: boolean;
  notFound: boolean;
  error: string | null;
}

/** One item's detail, read on its own (a list item never carries a catch-up answer's body). */
function useInspectorItem<T>(queryKey: QueryKey, id: number | null, read: (id: number) => Promise<T | null>): ItemState<T> {
  const { data, isFetching, error } = useQuery({ queryKey, queryFn: () => read(id!), enabled: id !== null });
  return { item: data ?? null, loading: isFetching, notFound: data === null, error: error ? errorText(error) : null };
}

export function useDelivery(id: number | null): ItemState<DeliveryView> {
  const api = useApi();
  return useInspectorItem(inspectorKeys.delivery(id ?? 0), id, (n) => api.getDelivery(n));
}

export function useApiAnswer(id: number | null): ItemState<ApiAnswerView> {
  const api = useApi();
  return useInspectorItem(inspectorKeys.answer(id ?? 0), id, (n) => api.getApiAnswer(n));
}

/** What Re-process said: its result and words, or why it could not run. */
export type ReprocessOutcome = { ok: true; result: ReprocessResult; message: string } | { ok: false; message: string };

/** Re-process: the item's detail takes the answer at once, and every list of its kind is read again. */
export function useReprocess(tab: 'webhooks' | 'answers'): (id: number) => Promise<ReprocessOutcome> {
  const api = useApi();
  const client = useQueryClient();
  const { mutateAsync } = useMutation({
    mutationFn: async (id: number): Promise<ReprocessOutcome> => {
      if (tab === 'webhooks') {
        const answer = await api.reprocessDelivery(id);
        if (!answer) return { ok: false, message: `No delivery with id ${id}.` };
        client.setQueryData(inspectorKeys.delivery(id), answer.delivery);
        return { ok: true, result: answer.result, message: answer.message };
      }
      const answer = await api.reprocessApiAnswer(id);
      if (!answer) return { ok: false, message: `No catch-up answer with id ${id}.` };
      // Not written into the detail: only getApiAnswer carries the body; onSettled reads it again.
      return { ok: true, result: answer.result, message: answer.message };
    },
    onSettled: () => client.invalidateQueries({ queryKey: tab === 'webhooks' ? inspectorKeys.deliveries : inspectorKeys.answers }),
  });
  return useCallback((id: number) => mutateAsync(id).catch((error: unknown) => ({ ok: false as const, message: errorText(error) })), [mutateAsync]);
}

/** Drops every refused and rejected body kept (their records stay); resolves to an error message, or null. */
export function useClearRefusedBodies(): () => Promise<string | null> {
  const api = useApi();
  const client = useQueryClient();
  const { mutateAsync } = useMutation({
    mutationFn: () => api.clearRefusedBodies(),
    onSuccess: () => client.invalidateQueries({ queryKey: inspectorKeys.deliveries }),
  });
  return useCallback(() => mutateAsync().then(() => null, errorText), [mutateAsync]);
}

// The inspector's part of the hash. The window's router (data/route.ts) owns the view; this reads the same
// hash, so a link from the call detail ("#/deliveries?delivery=12") opens the delivery, and Back works.
const routeListeners = new Set<() => void>();

function subscribeToHash(listener: () => void): () => void {
  routeListeners.add(listener);
  window.addEventListener('hashchange', listener);
  window.addEventListener('popstate', listener);
  return () => {
    routeListeners.delete(listener);
    window.removeEventListener('hashchange', listener);
    window.removeEventListener('popstate', listener);
  };
}

export type InspectorNavigate = (route: InspectorRoute, options?: { replace?: boolean }) => void;

export function useInspectorRoute(): { route: InspectorRoute; navigate: InspectorNavigate } {
  const hash = useSyncExternalStore(subscribeToHash, () => window.location.hash);
  const route = useMemo(() => parseInspectorRoute(hash), [hash]);
  const navigate = useCallback<InspectorNavigate>((next, options) => {
    const target = formatInspectorRoute(next);
    if (target === window.location.hash) return;
    if (options?.replace) window.history.replaceState(null, '', target);
    else window.history.pushState(null, '', target);
    for (const listener of routeListeners) listener();
  }, []);
  return { route, navigate };
}
