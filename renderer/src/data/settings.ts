// Settings, read and changed through the bridge (the deliveries inspector's reads are in deliveries.ts).

import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { SettingsResponse, UpdateSettingsRequest } from '../../../shared/api';
import { answerIsLatest, numberSave, type SaveOrder } from '../model/saveQueue';
import { errorText, useApi } from './api';
import { keys } from './cache';

export interface SettingsState {
  settings: SettingsResponse | null;
  error: string | null;
  /** Resolves to an error message, or null when saved. */
  save(update: UpdateSettingsRequest): Promise<string | null>;
  regenerateToken(): Promise<string | null>;
}

// One numbering per window (its query client), shared by every part of Settings that saves.
const saveOrders = new WeakMap<QueryClient, SaveOrder>();

/** Sends one save numbered; resolves to its answer and whether it is still the latest sent. */
async function numbered(client: QueryClient, send: () => Promise<SettingsResponse>): Promise<{ settings: SettingsResponse; latest: boolean }> {
  const { order, number } = numberSave(saveOrders.get(client) ?? { latestSent: 0 });
  saveOrders.set(client, order);
  const settings = await send();
  return { settings, latest: answerIsLatest(saveOrders.get(client)!, number) };
}

export function useSettings(): SettingsState {
  const api = useApi();
  const client = useQueryClient();
  // Settings change only through these mutations, whose answers are the settings as saved; an answer older
  // than the latest save sent is dropped (the latest one's answer carries every change before it).
  const { data, error } = useQuery({ queryKey: keys.settings, queryFn: () => api.getSettings(), staleTime: Infinity });
  const saved = ({ settings, latest }: { settings: SettingsResponse; latest: boolean }) => {
    if (latest) client.setQueryData(keys.settings, settings);
  };
  const update = useMutation({ mutationFn: (change: UpdateSettingsRequest) => numbered(client, () => api.updateSettings(change)), onSuccess: saved });
  const regenerate = useMutation({ mutationFn: () => numbered(client, () => api.regenerateToken()), onSuccess: saved });
  const { mutateAsync: updateAsync } = update;
  const { mutateAsync: regenerateAsync } = regenerate;
  return {
    settings: data ?? null,
    error: error ? errorText(error) : null,
    save: useCallback((change) => updateAsync(change).then(() => null, errorText), [updateAsync]),
    regenerateToken: useCallback(() => regenerateAsync().then(() => null, errorText), [regenerateAsync]),
  };
}

/** Whether the window itself offers Web Notifications (the desktop app raises native ones instead). */
export function useTransport(): 'ipc' | 'http' {
  return useApi().transport;
}
