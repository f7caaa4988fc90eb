// The bridge, handed down through React context so the data hooks can reach it and tests can replace it.

import { createContext, useContext, type ReactNode } from 'react';
import type { CallAlertsApi } from '../../../shared/bridge';

const ApiContext = createContext<CallAlertsApi | null>(null);

export function ApiProvider({ api, children }: { api: CallAlertsApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

/** For the hooks in this folder only: components use the hooks. */
export function useApi(): CallAlertsApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
