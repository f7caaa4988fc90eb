// Settings, read and changed through the bridge (the deliveries inspector's reads are in deliveries.ts).

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { SettingsResponse, UpdateSettingsRequest } from '../../../shared/api';
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

/** Whether the window itself offers Web Notifications (the desktop app raises native ones instead). */
export function useTransport(): 'ipc' | 'http' {
  return useApi().transport;
}
