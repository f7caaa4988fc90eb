// The deliveries inspector's reads and actions through the bridge: webhook deliveries and the catch-up answers
// kept from the vendor's API, each a list paged backwards (newest first), one item's detail, and Re-process.
// Nothing here is pushed: lists are read when the view opens, on Refresh, and after a Re-process.

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type {
  ApiAnswerView,
  DeliveryKind,
  DeliveryView,
  ListApiAnswersResponse,
  ListDeliveriesResponse,
  RefusedBodies,
  ReprocessResult,
} from '../../../shared/api';
import { formatInspectorRoute, parseInspectorRoute, type AnswerOutcome, type InspectorRoute } from '../model/route';
import { errorText, useApi } from './api';

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

export interface PagedList<T> {
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

function paged<P, T>(query: PagedQuery<P>, items: T[]): PagedList<T> {
  const { fetchNextPage, refetch } = query;
  return {
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
  return {
    ...paged(query, items),
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
  return paged(query, items);
}

export interface ItemState<T> {
  item: T | null;
  loading: boolean;
  notFound: boolean;
  error: string | null;
}

export function useDelivery(id: number | null): ItemState<DeliveryView> {
  const api = useApi();
  const { data, isFetching, error } = useQuery({
    queryKey: inspectorKeys.delivery(id ?? 0),
    queryFn: () => api.getDelivery(id!),
    enabled: id !== null,
  });
  return { item: data ?? null, loading: isFetching, notFound: data === null, error: error ? errorText(error) : null };
}

export function useApiAnswer(id: number | null): ItemState<ApiAnswerView> {
  const api = useApi();
  const { data, isFetching, error } = useQuery({
    queryKey: inspectorKeys.answer(id ?? 0),
    queryFn: () => api.getApiAnswer(id!),
    enabled: id !== null,
  });
  return { item: data ?? null, loading: isFetching, notFound: data === null, error: error ? errorText(error) : null };
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
      client.setQueryData(inspectorKeys.answer(id), answer.answer);
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
