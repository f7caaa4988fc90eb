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
  const { data, error } = useQuery({ queryKey: ['health'], queryFn: () => api.health(), refetchInterval: EVERY_MS });
  if (data && !data.ok) return { kind: data.problem, text: data.error };
  // Over HTTP a health that is not ok arrives as a 503 refusal carrying the same sentence.
  if (error && (error as { status?: number }).status === 503) {
    return { kind: /damaged/.test(error.message) ? 'damaged' : 'lost', text: error.message };
  }
  return null;
}
