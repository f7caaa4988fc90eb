// Whether the core can store calls: its health, read now and then, says when the call database was
// deleted, replaced or damaged (the window would otherwise look "Live" while every webhook gets 503).

import { useQuery } from '@tanstack/react-query';
import { useApi } from './api';

const EVERY_MS = 5000;

export interface DatabaseNotice {
  kind: 'lost' | 'damaged';
  /** The core's sentence: what is wrong, where the file is, and what to do. */
  text: string;
}

export function useDatabaseNotice(): DatabaseNotice | null {
  const api = useApi();
  const { data } = useQuery({ queryKey: ['health'], queryFn: () => api.health(), refetchInterval: EVERY_MS });
  return data && !data.ok ? { kind: data.problem, text: data.error } : null;
}
