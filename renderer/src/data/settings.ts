// Settings and deliveries, read and changed through the bridge.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { DeliveryView, RefusedBodies, SettingsResponse, UpdateSettingsRequest } from '../../../shared/api';
import { errorText, useApi } from './api';
import { keys } from './cache';

export interface SettingsState {
  settings: SettingsResponse | null;
  error: string | null;
  /** Resolves to an error message, or null when saved. */
  save(update: UpdateSettingsRequest): Promise<string | null>;
  regenerateToken(): Promise<string | null>;
}

export function useSettings(): SettingsState {
  const api = useApi();
  const client = useQueryClient();
  // Settings change only through these mutations, whose answers are the settings as saved.
  const { data, error } = useQuery({ queryKey: keys.settings, queryFn: () => api.getSettings(), staleTime: Infinity });
  const saved = (settings: SettingsResponse) => client.setQueryData(keys.settings, settings);
  const update = useMutation({ mutationFn: (change: UpdateSettingsRequest) => api.updateSettings(change), onSuccess: saved });
  const regenerate = useMutation({ mutationFn: () => api.regenerateToken(), onSuccess: saved });
  const { mutateAsync: updateAsync } = update;
  const { mutateAsync: regenerateAsync } = regenerate;
  return {
    settings: data ?? null,
    error: error ? errorText(error) : null,
    save: useCallback((change) => updateAsync(change).then(() => null, errorText), [updateAsync]),
    regenerateToken: useCallback(() => regenerateAsync().then(() => null, errorText), [regenerateAsync]),
  };
}

export interface DeliveriesState {
  deliveries: DeliveryView[];
  /** What the bodies of refused and rejected deliveries hold, against their budget; null until loaded. */
  refusedBodies: RefusedBodies | null;
  loaded: boolean;
  error: string | null;
  refresh(): void;
  /** Drops every refused and rejected body kept (their records stay); resolves to an error message, or null. */
  clearRefusedBodies(): Promise<string | null>;
}

const NO_DELIVERIES: DeliveryView[] = [];

/** Read each time the view opens (deliveries are not pushed), and on Refresh. */
export function useDeliveries(limit = 100): DeliveriesState {
  const api = useApi();
  const client = useQueryClient();
  const { data, error, isFetched, refetch } = useQuery({ queryKey: keys.deliveries(limit), queryFn: () => api.listDeliveries(limit) });
  const { mutateAsync: clearAsync } = useMutation({
    mutationFn: () => api.clearRefusedBodies(),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.deliveries(limit) }),
  });
  return {
    deliveries: data?.deliveries ?? NO_DELIVERIES,
    refusedBodies: data?.refusedBodies ?? null,
    loaded: isFetched || data !== undefined,
    error: error ? errorText(error) : null,
    refresh: useCallback(() => void refetch(), [refetch]),
    clearRefusedBodies: useCallback(() => clearAsync().then(() => null, errorText), [clearAsync]),
  };
}

/** Whether the window itself offers Web Notifications (the desktop app raises native ones instead). */
export function useTransport(): 'ipc' | 'http' {
  return useApi().transport;
}
