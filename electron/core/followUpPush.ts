// Tells the change feed what the last write did to the call-back entries: the entries as they now stand, with
// how many are open, then the calls whose state moved (as `call` events without alerts, so lists re-read them).

import type { ApiAnswer, ApiIngestResult, CallStore } from './store/callStore';
import type { ChangeFeed } from './changeFeed';

/** `alreadySent`: calls the caller pushes itself (a webhook's own calls, with their alerts). */
export function pushFollowUpChanges(store: CallStore, feed: ChangeFeed, alreadySent: ReadonlySet<number> = new Set()): void {
  const changes = store.takeFollowUpChanges();
  if (!changes) return;
  feed.emitFollowUps({ open: store.openFollowUps(), changed: store.followUpEntries(changes.entryIds), building: store.followUpsBuilding() });
  if (feed.size === 0) return;
  const calls = store.callsByIds(changes.callIds.filter((id) => !alreadySent.has(id)));
  // Oldest first, so a window that applies them in order ends with the newest on top.
  calls.sort((a, b) => a.id - b.id);
  for (const call of calls) feed.emit({ call, alert: null });
}

/** The catch-up runner's ingest: it pushes the calls it merged; the entries they changed, and the calls those moved, go from here. */
export function caughtUpIngest(store: CallStore, feed: ChangeFeed): (answer: ApiAnswer) => Promise<ApiIngestResult> {
  return async (answer) => {
    try {
      return await store.ingestApiAnswer(answer);
    } finally {
      pushFollowUpChanges(store, feed);
    }
  };
}
