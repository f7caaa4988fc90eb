// How SQLite reads a page of deliveries, on a real store: a narrow search with a kind filter gathers its few
// matches through the envelopes' index, never walking a kind's index row by row (1.3 s for one number at
// 300,000 deliveries); a page without a search, or with a broad one, walks the kind's index newest first.

import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryKind } from '../../shared/contract/schemas';
import { CallStore } from '../../electron/core/store/callStore';
import { openDatabase, type Db } from '../../electron/core/store/db';
import { deliveryPageSql, type DeliveryPageFilter } from '../../electron/core/store/deliverySearch';
import { tempDir } from '../support/core';
import { callDeliveries } from '../support/payloads';

let dir: string;
let db: Db;

beforeAll(() => {
  dir = tempDir();
  db = openDatabase(dir);
  const store = new CallStore(db);
  const bodies = ['Priya Shah', 'James Harper'].map(
    (callerName, n) =>
      callDeliveries({
        telmetricsId: String(4400000000 + n),
        callerNumber: `905580295${n}`,
        callerName,
        localStart: '2019-11-15T09:09:54',
        ringUtc: new Date(Date.UTC(2019, 10, 15, 14, 10, 46) + n * 60_000).toISOString().slice(0, 23),
      }).start,
  );
  store.ingestBatch(
    bodies.map((body) => ({ receivedAt: new Date().toISOString(), headers: {}, body: Buffer.from(body), signature: 'not-checked' as const })),
  );
});

afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The indexes the page's read uses, as EXPLAIN QUERY PLAN names them. */
function indexesOf(filter: DeliveryPageFilter, broad: boolean): string[] {
  const { sql, params } = deliveryPageSql(filter, () => broad);
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[];
  return plan.flatMap((step) => [...step.detail.matchAll(/USING (?:COVERING )?INDEX (\w+)/g)].map((m) => m[1]!));
}

const KINDS: DeliveryKind[] = ['accepted', 'duplicate', 'rejected', 'refused', 'failed'];
const KIND_INDEXES = ['deliveries_by_kind', 'deliveries_by_outcome'];

describe('a page of deliveries as SQLite reads it', () => {
  it('a narrow search by number or name with a kind filter is gathered through the envelopes, not the kind', () => {
    for (const q of ['9055802950', 'James Harper', '(905) 580'])
      for (const kind of KINDS)
        for (const before of [undefined, 1000]) {
          const used = indexesOf({ limit: 50, kind, q, before }, false);
          expect(used, `${q} ${kind} ${before}`).toContain('deliveries_by_envelope');
          for (const index of KIND_INDEXES) expect(used, `${q} ${kind} ${before}`).not.toContain(index);
        }
  });

  it('an envelope id with a kind filter is found through its index too', () => {
    const used = indexesOf({ limit: 50, kind: 'accepted', q: '9151ad30b615de5ee76d2c5cd58b3d77' }, false);
    expect(used).toContain('deliveries_by_envelope');
    expect(used).not.toContain('deliveries_by_kind');
  });

  it('a kind without a search, or with a broad one, walks the kind\u2019s index newest first', () => {
    expect(indexesOf({ limit: 50, kind: 'accepted' }, false)).toEqual(['deliveries_by_kind']);
    expect(indexesOf({ limit: 50, kind: 'failed', q: '905' }, true)[0]).toBe('deliveries_by_kind');
  });
});
