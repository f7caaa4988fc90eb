// A call touched by a batch is folded once, at the batch's end, yet linking inside the batch must see each
// call as it would one delivery at a time. Oracle: the same deliveries, in the same order, written one per
// batch. Real SQLite files.

import fc from 'fast-check';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CallStore, type IncomingDelivery } from '../../electron/core/store/callStore';
import { openDatabase, type Db } from '../../electron/core/store/db';
import { tempDir } from '../support/core';
import { callDeliveries, envelope, preprocessedNotification, processedNotification, startNotification, type CallSpec } from '../support/payloads';

const first: CallSpec = { telmetricsId: '1001', callerNumber: '9055552955', localStart: '2019-11-15T09:09:54', ringUtc: '2019-11-15T14:09:46.100' };
// The same caller calling back 35 s after hanging up: its Start could also be the first call's ring.
const callback: CallSpec = { ...first, telmetricsId: '1002', localStart: '2019-11-15T09:10:40', ringUtc: '2019-11-15T14:10:38.000' };
// Another caller ringing the same number at the same moment.
const other: CallSpec = { ...first, telmetricsId: '1003', callerNumber: '4165550123', callerName: 'Ann Lee', ringUtc: '2019-11-15T14:09:47.000' };

const BODIES = [first, callback, other].flatMap((c) => {
  const d = callDeliveries(c);
  return [d.start, d.preprocessed, d.processed];
});
// One envelope holding a whole call, Start last: the batch links its later notifications to what came before.
BODIES.push(
  envelope([
    preprocessedNotification({ ...first, telmetricsId: '1004', callerNumber: '6135550100' }),
    processedNotification({ ...first, telmetricsId: '1004', callerNumber: '6135550100' }),
    startNotification({ ...first, callerNumber: '6135550100' }),
  ]),
);

let dirs: string[] = [];
let dbs: Db[] = [];
function store(): CallStore {
  const dir = tempDir();
  dirs.push(dir);
  const db = openDatabase(dir);
  dbs.push(db);
  return new CallStore(db);
}
afterEach(() => {
  for (const db of dbs) db.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  dirs = [];
  dbs = [];
});

const delivery = (body: string): IncomingDelivery => ({
  receivedAt: '2019-11-15T14:20:00.000Z',
  headers: {},
  body: Buffer.from(body),
  signature: 'not-checked',
});

function callsOf(s: CallStore) {
  return s
    .listCalls({ limit: 100 })
    .calls.map((c) => ({
      telmetricsId: c.telmetricsId,
      caller: c.callerNumber,
      ringAt: c.ringAt,
      startedAt: c.startedAt,
      status: c.status,
      events: c.eventCount,
    }))
    .sort((a, b) => `${a.telmetricsId}${a.ringAt}`.localeCompare(`${b.telmetricsId}${b.ringAt}`));
}

describe('folding once per batch', () => {
  it('links and folds a batch exactly as one delivery at a time', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(BODIES, { minLength: 2 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 12 }),
        (bodies, cuts) => {
          const alone = store();
          for (const body of bodies) alone.ingestBatch([delivery(body)]);
          const batched = store();
          let at = 0;
          for (let i = 0; at < bodies.length; i++) {
            const size = cuts[i % cuts.length]!;
            batched.ingestBatch(bodies.slice(at, at + size).map(delivery));
            at += size;
          }
          expect(callsOf(batched)).toEqual(callsOf(alone));
        },
      ),
      // The first call's Start, then both calls' later events in one batch: a Start that took the first call's
      // id must not look like a waiting ring to the callback.
      { numRuns: 25, examples: [[[BODIES[0]!, BODIES[1]!, BODIES[4]!, BODIES[3]!, BODIES[2]!, BODIES[5]!], [6]]] },
    );
  });
});
