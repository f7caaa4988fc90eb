// The budget of refused and rejected bodies: what anyone with the webhook URL can make the app keep. Their
// records stay; past the budget the oldest bodies are dropped (the record says so), and they can be cleared.
// Pruning runs in its own transaction after a batch is committed, so it can neither fail nor delay an
// accepted delivery's commit.

import type { RefusedBodies as RefusedBodiesView } from '../../../shared/api';
import { unsyncedWrites, type Db } from './db';

export const DEFAULT_REFUSED_BODY_BUDGET = 64 * 1024 * 1024;

/** Bodies looked at per statement while pruning. */
const PRUNE_PAGE = 64;

/** Kept bodies of rejected deliveries, oldest first (the partial index of migration 6). */
const KEPT_BODIES = `outcome = 'rejected' AND body_kept IN ('whole', 'head')`;

export class RefusedBodies {
  private readonly stmt;
  private readonly unsynced: <T>(write: () => T) => T;
  private readonly pruneInTransaction: () => number;
  readonly clear: () => number;

  constructor(
    db: Db,
    readonly budgetBytes: number = DEFAULT_REFUSED_BODY_BUDGET,
  ) {
    this.unsynced = unsyncedWrites(db);
    this.stmt = {
      // One row, kept by triggers (migration 6).
      keptBytes: db.prepare<[], number>(`SELECT n FROM rejected_body_bytes`).pluck(),
      oldest: db.prepare<[number], { id: number; bytes: number }>(
        `SELECT id, length(body) AS bytes FROM deliveries INDEXED BY deliveries_rejected_bodies WHERE ${KEPT_BODIES} ORDER BY id LIMIT ?`,
      ),
      drop: db.prepare<[number]>(`UPDATE deliveries SET body = X'', body_kept = 'dropped' WHERE id = ?`),
      dropAll: db.prepare<[]>(`UPDATE deliveries SET body = X'', body_kept = 'dropped' WHERE ${KEPT_BODIES}`),
    };
    this.pruneInTransaction = db.transaction(() => {
      let over = this.keptBytes() - this.budgetBytes;
      let dropped = 0;
      while (over > 0) {
        const rows = this.stmt.oldest.all(PRUNE_PAGE);
        if (rows.length === 0) break;
        for (const row of rows) {
          if (over <= 0) break;
          this.stmt.drop.run(row.id);
          over -= row.bytes;
          dropped++;
        }
      }
      return dropped;
    });
    this.clear = db.transaction(() => this.stmt.dropAll.run().changes);
  }

  keptBytes(): number {
    return this.stmt.keptBytes.get() ?? 0;
  }

  status(): RefusedBodiesView {
    return { keptBytes: this.keptBytes(), budgetBytes: this.budgetBytes };
  }

  /**
   * Drops the oldest kept bodies until the rest fit the budget; returns how many. Committed without its own
   * fsync: lost in a crash, it is only done again after the next batch.
   */
  prune(): number {
    if (this.keptBytes() <= this.budgetBytes) return 0;
    return this.unsynced(this.pruneInTransaction);
  }
}
