// A call opened in the window loses its "New" mark: the core is told once per call, and its answer is
// written into the cache at once (the push of the same change follows).

import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Call } from '../../../shared/domain';
import { useApi } from './api';
import { writeCallPush } from './cache';

// Per cache: ids already told, so a re-render or a re-read before the answer does not tell again.
const told = new WeakMap<QueryClient, Set<number>>();

export function useMarkOpened(call: Call | null): void {
  const api = useApi();
  const client = useQueryClient();
  const id = call?.id ?? null;
  const unseen = call !== null && call.openedAt === null;
  useEffect(() => {
    if (id === null || !unseen) return;
    const ids = told.get(client) ?? new Set<number>();
    told.set(client, ids);
    if (ids.has(id)) return;
    ids.add(id);
    api.markCallOpened(id).then(
      (detail) => detail && writeCallPush(client, detail.call),
      // Not told: the mark stays, and the next opening tries again.
      () => ids.delete(id),
    );
  }, [api, client, id, unseen]);
}
