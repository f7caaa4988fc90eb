// The core's health, read every few seconds: whether it can store calls (the call database deleted, replaced,
// damaged, or it cannot be opened: every webhook gets 503), which saved secrets it cannot read, and how many
// calls it holds.

import { useQuery } from '@tanstack/react-query';
import type { SecretProblem } from '../../../shared/api';
import type { DatabaseNotice } from '../model/windowProblems';
import { useApi } from './api';

const EVERY_MS = 5000;
const NO_SECRET_PROBLEMS: SecretProblem[] = [];

export interface Health {
  database: DatabaseNotice | null;
  secrets: SecretProblem[];
  /** Calls stored; null until read, or while the database refuses. */
  calls: number | null;
}

export function useHealth(): Health {
  const api = useApi();
  const { data } = useQuery({ queryKey: ['health'], queryFn: () => api.health(), refetchInterval: EVERY_MS });
  return {
    database: data && !data.ok ? { kind: data.problem, text: data.error } : null,
    secrets: data?.secrets ?? NO_SECRET_PROBLEMS,
    calls: data?.ok ? data.calls : null,
  };
}
