// The call-back entries: the open ones (the view and the tab's count) and those done, read through the bridge and
// kept current by the core's `follow-ups` push. Marking done, reopening and adding a note answer with the call's
// detail, written into the cache at once.

import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useEffectEvent, useRef } from 'react';
import type { CallDetailResponse, FollowUpsEvent, FollowUpsResponse } from '../../../shared/api';
import type { FollowUp, FollowUpState } from '../../../shared/domain';
import { startsOnCallBacks, withFollowUpsPush } from '../model/callBacks';
import { errorText, useApi } from './api';
import { keys } from './cache';

export interface FollowUpList {
  entries: FollowUp[];
  /** How many are open in all, as the store counts them (the list stops at its most recent 500). */
  openCount: number;
  loaded: boolean;
  error: string | null;
  /** The call-backs of the history from before an upgrade are still being counted: the list is not whole yet. */
  building: boolean;
}

const NO_ENTRIES: FollowUp[] = [];
const STARTED_KEY = 'call-alerts:window-started';

/** The address the window was first opened on in this session; null after a reload (which keeps the view shown). */
function firstOpenedHash(): string | null {
  try {
    if (window.sessionStorage.getItem(STARTED_KEY)) return null;
    window.sessionStorage.setItem(STARTED_KEY, '1');
  } catch {
    // Storage refused (a locked-down browser): every load counts as a start.
  }
  return window.location.hash;
}

const startHash = typeof window === 'undefined' ? null : firstOpenedHash();

/** One state's entries, newest last call first. */
export function useFollowUps(state: FollowUpState): FollowUpList {
  const api = useApi();
  // The push keeps the lists current; a dropped link that comes back reads every query again (live.tsx).
  const { data, error, isFetched } = useQuery({
    queryKey: keys.followUpList(state),
    queryFn: () => api.listFollowUps({ state }),
    staleTime: Infinity,
  });
  return {
    entries: data?.followUps ?? NO_ENTRIES,
    openCount: data?.open ?? 0,
    loaded: isFetched || data !== undefined,
    error: error && data === undefined ? errorText(error) : null,
    building: data?.building ?? false,
  };
}

/**
 * The core's `follow-ups` push, written into both lists (once for the whole window): it carries the entries
 * whole, and the open count. The end of counting an older history's call-backs carries none of them: the
 * lists are read again.
 */
export function useFollowUpsFeed(): void {
  const api = useApi();
  const client = useQueryClient();
  useEffect(
    () =>
      api.onFollowUps((event: FollowUpsEvent) => {
        const states = ['open', 'done'] as const;
        const counted = !event.building && states.some((state) => client.getQueryData<FollowUpsResponse>(keys.followUpList(state))?.building);
        for (const state of states)
          client.setQueryData<FollowUpsResponse>(keys.followUpList(state), (answer) => answer && withFollowUpsPush(answer, event, state));
        if (counted) void client.invalidateQueries({ queryKey: keys.followUps });
      }),
    [api, client],
  );
}

/** The details of an entry's calls (its voicemail's message and recording, the links to its calls). */
export function useEntryCalls(ids: readonly number[]): Map<number, CallDetailResponse> {
  const api = useApi();
  return useQueries({
    queries: ids.map((id) => ({ queryKey: keys.detail(id), queryFn: () => api.getCall(id) })),
    combine: (results) => new Map(results.flatMap(({ data }) => (data ? [[data.call.id, data] as const] : []))),
  });
}

export interface FollowUpActions {
  /** Marks the entry of that call's caller done (with an optional note) or open again; resolves to an error, or null. */
  setState(callId: number, state: FollowUpState, note?: string): Promise<string | null>;
  /** Adds a note to a call, kept exactly as typed; resolves to an error, or null. */
  addNote(callId: number, text: string): Promise<string | null>;
}

export function useFollowUpActions(): FollowUpActions {
  const api = useApi();
  const client = useQueryClient();
  const saved = (detail: CallDetailResponse | null, request: { id: number }) => {
    client.setQueryData(keys.detail(request.id), detail);
    void client.invalidateQueries({ queryKey: keys.followUps });
  };
  const { mutateAsync: setAsync } = useMutation({
    mutationFn: (request: { id: number; state: FollowUpState; note?: string }) => api.setFollowUp(request),
    onSuccess: saved,
  });
  const { mutateAsync: noteAsync } = useMutation({
    mutationFn: (request: { id: number; text: string }) => api.addCallNote(request),
    onSuccess: saved,
  });
  const answered = (detail: CallDetailResponse | null) => (detail ? null : 'This call is no longer in the history');
  return {
    setState: useCallback((id, state, note) => setAsync({ id, state, ...(note?.trim() ? { note } : {}) }).then(answered, errorText), [setAsync]),
    addNote: useCallback((id, text) => noteAsync({ id, text }).then(answered, errorText), [noteAsync]),
  };
}

/** Shows the call-backs once at start when there are any and nobody has gone to another view meanwhile. */
export function useStartOnCallBacks(open: FollowUpList, show: () => void): void {
  const decided = useRef(false);
  const onShow = useEffectEvent(show);
  useEffect(() => {
    if (decided.current || !open.loaded) return;
    decided.current = true;
    if (startHash !== null && window.location.hash === startHash && startsOnCallBacks(startHash, open.openCount)) onShow();
  }, [open.loaded, open.openCount]);
}
