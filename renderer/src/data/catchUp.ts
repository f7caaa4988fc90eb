// Catch-up from the vendor's calls API: its status (read again while a run is on and after each summary the
// core pushes), its settings and actions, and the gap the last run filled, until the person dismisses it.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import type { CatchUpStatus, SaveCatchUpSettingsRequest } from '../../../shared/api';
import { outageKey, outageShown, type Outage } from '../model/outage';
import { errorText, useApi } from './api';
import { keys } from './cache';
import type { Outcome } from './tunnel';

/** While a run is on, its end is seen this soon; otherwise now and then (the core runs every 15 minutes). */
const RUNNING_EVERY_MS = 1000;
const IDLE_EVERY_MS = 60_000;
const DISMISSED_KEY = 'call-alerts:outage-dismissed';

export interface CatchUpState {
  status: CatchUpStatus | null;
  error: string | null;
  save(update: SaveCatchUpSettingsRequest): Promise<Outcome>;
  check(): Promise<Outcome>;
  /** The normal run from the cursor, or an import of the last `days` days. */
  run(days?: number): Promise<Outcome>;
}

const failed = (e: unknown): Outcome => ({ ok: false, text: errorText(e) });

export function useCatchUp(): CatchUpState {
  const api = useApi();
  const client = useQueryClient();
  const { data, error } = useQuery({
    queryKey: keys.catchUp,
    queryFn: () => api.catchUpStatus(),
    refetchInterval: (query) => (query.state.data?.state === 'running' ? RUNNING_EVERY_MS : IDLE_EVERY_MS),
  });
  useEffect(() => api.onCatchUp(() => void client.invalidateQueries({ queryKey: keys.catchUp })), [api, client]);

  const saved = (status: CatchUpStatus) => client.setQueryData(keys.catchUp, status);
  const { mutateAsync: save } = useMutation({
    mutationFn: (update: SaveCatchUpSettingsRequest) => api.saveCatchUpSettings(update),
    onSuccess: saved,
  });
  const { mutateAsync: check } = useMutation({ mutationFn: () => api.checkCatchUp() });
  const { mutateAsync: run } = useMutation({ mutationFn: (days?: number) => api.runCatchUp(days ? { days } : undefined), onSuccess: saved });

  return {
    status: data ?? null,
    error: error && data === undefined ? errorText(error) : null,
    save: useCallback((update) => save(update).then(() => ({ ok: true, text: 'Saved.' }), failed), [save]),
    check: useCallback(() => check().then((result) => ({ ok: result.ok, text: result.message }), failed), [check]),
    run: useCallback(
      (days) => run(days).then(() => ({ ok: true, text: days ? `Importing the last ${days} days…` : 'Fetching missed calls…' }), failed),
      [run],
    ),
  };
}

/** The last outage to tell about, or null once dismissed (remembered across reloads) or a day old. */
export function useOutageNotice(status: CatchUpStatus | null, now: number): { outage: Outage | null; dismiss(): void } {
  const [dismissed, setDismissed] = useState(() => window.localStorage.getItem(DISMISSED_KEY));
  const outage = status?.lastOutage ?? null;
  const dismiss = useCallback(() => {
    if (!outage) return;
    window.localStorage.setItem(DISMISSED_KEY, outageKey(outage));
    setDismissed(outageKey(outage));
  }, [outage]);
  return { outage: outageShown(outage, dismissed, now) ? outage : null, dismiss };
}
