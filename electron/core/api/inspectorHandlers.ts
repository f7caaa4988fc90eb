// The deliveries inspector's operations: pages of deliveries and catch-up answers, one of each, and
// Re-process. The calls Re-process changes are pushed to every window as replayed (no alert of any kind),
// and the call-back entries they moved as live ingest pushes them.

import type { ApiAnswerView, ReprocessResult } from '../../../shared/api';
import { RequestError } from '../../../shared/contract/requests';
import { reprocessMessage } from '../../../shared/deliveries/words';
import type { ChangeFeed } from '../changeFeed';
import { pushFollowUpChanges } from '../followUpPush';
import { isSqliteError } from '../store/apiIngest';
import type { CallStore } from '../store/callStore';
import type { ResponseOf, ValidRequestOf } from '../../../shared/contract/operations';

type InspectorOperation = 'listDeliveries' | 'getDelivery' | 'reprocessDelivery' | 'listApiAnswers' | 'getApiAnswer' | 'reprocessApiAnswer';

export interface InspectorDeps {
  store: CallStore;
  feed: ChangeFeed;
  /** Told after Re-process changed calls (the recordings downloader looks for new recordings). */
  callsChanged?: () => void;
}

/** The inspector's part of CoreHandlers (./handlers.ts), declared here so neither file imports the other. */
type InspectorHandlers = {
  [K in InspectorOperation]: (request: ValidRequestOf<K>) => ResponseOf<K> | Promise<ResponseOf<K>>;
};

export function inspectorHandlers(deps: InspectorDeps): InspectorHandlers {
  const { store, feed } = deps;
  /** Oldest first, so a window that applies them in order ends with the newest on top. */
  const pushReplayed = (callIds: readonly number[]) => {
    if (callIds.length === 0) return;
    for (const call of store.callsByIds([...callIds].sort((a, b) => a - b))) feed.emit({ call, alert: null, replayed: true });
    pushFollowUpChanges(store, feed, new Set(callIds));
    deps.callsChanged?.();
  };

  return {
    listDeliveries: (query) => ({
      ...store.deliveryPage(query ?? {}),
      refusedBodies: store.refusedBodiesStatus(),
      problemCounts: store.deliveryProblemCounts(),
    }),
    getDelivery: (id) => store.getDelivery(id),
    reprocessDelivery(id) {
      const row = store.deliveryRow(id);
      const view = store.getDelivery(id);
      if (!row || !view) return null;
      if (view.reprocessBlocked) throw new RequestError(409, view.reprocessBlocked);
      const { result, changed, blocked } = store.reprocessDelivery(row);
      // Found only on reading its body (an older version kept no envelope id): nothing was written.
      if (blocked) throw new RequestError(409, blocked);
      pushReplayed(changed);
      const delivery = store.getDelivery(id)!;
      const message = reprocessMessage(
        result,
        delivery.calls.map((c) => c.displayName),
        delivery.summary,
      );
      return { result, message, delivery };
    },
    listApiAnswers: (query) => store.listApiAnswers(query),
    getApiAnswer: (id) => store.getApiAnswer(id),
    async reprocessApiAnswer(id) {
      const before = store.getApiAnswer(id);
      if (!before) return null;
      if (before.reprocessBlocked) throw new RequestError(409, before.reprocessBlocked);
      let result: ReprocessResult;
      let changed: number[] = [];
      try {
        const merged = await store.reprocessApiAnswer(id)!;
        changed = merged.calls.map((c) => c.call.id);
        result = changed.length > 0 || before.outcome !== 'accepted' ? 'applied' : 'unchanged';
      } catch (error) {
        // The database itself failed: that is no verdict on the answer.
        if (isSqliteError(error)) throw error;
        // The answer's record says why (rejected: not a calls answer; failed: a result could not be applied).
        result = store.getApiAnswer(id)?.outcome === 'rejected' ? 'still-rejected' : 'still-failed';
      }
      pushReplayed(changed);
      const answer: ApiAnswerView = store.getApiAnswer(id)!;
      return {
        result,
        message: reprocessMessage(
          result,
          answer.calls.map((c) => c.displayName),
          answer.summary,
        ),
        answer,
      };
    },
  };
}
