// Settings and deliveries, read and changed through the bridge.

import { useCallback, useEffect, useState } from 'react';
import type { DeliveryView, SettingsResponse, UpdateSettingsRequest } from '../../../shared/api';
import { errorText, useApi } from './api';

export interface SettingsState {
  settings: SettingsResponse | null;
  error: string | null;
  /** Resolves to an error message, or null when saved. */
  save(update: UpdateSettingsRequest): Promise<string | null>;
  regenerateToken(): Promise<string | null>;
}

export function useSettings(): SettingsState {
  const api = useApi();
  const [settings, setSettings] = useState<SettingsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.getSettings().then(setSettings, (e: unknown) => setError(errorText(e)));
  }, [api]);
  const apply = useCallback(async (change: Promise<SettingsResponse>) => {
    try {
      setSettings(await change);
      setError(null);
      return null;
    } catch (e) {
      return errorText(e);
    }
  }, []);
  return {
    settings,
    error,
    save: useCallback((update) => apply(api.updateSettings(update)), [api, apply]),
    regenerateToken: useCallback(() => apply(api.regenerateToken()), [api, apply]),
  };
}

export interface DeliveriesState {
  deliveries: DeliveryView[];
  loaded: boolean;
  error: string | null;
  refresh(): void;
}

export function useDeliveries(limit = 100): DeliveriesState {
  const api = useApi();
  const [state, setState] = useState<{ deliveries: DeliveryView[]; loaded: boolean; error: string | null }>({
    deliveries: [],
    loaded: false,
    error: null,
  });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    api.listDeliveries(limit).then(
      (r) => live && setState({ deliveries: r.deliveries, loaded: true, error: null }),
      (e: unknown) => live && setState((s) => ({ ...s, loaded: true, error: errorText(e) })),
    );
    return () => {
      live = false;
    };
  }, [api, limit, attempt]);
  return { ...state, refresh: useCallback(() => setAttempt((n) => n + 1), []) };
}

/** Whether the window itself offers Web Notifications (the desktop app raises native ones instead). */
export function useTransport(): 'ipc' | 'http' {
  return useApi().transport;
}
