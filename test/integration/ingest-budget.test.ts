// What refused and rejected deliveries may cost: a refusal (401) keeps its record and the body's first bytes,
// never the body; rejected bodies (400) share a budget, the oldest dropped first, and can be cleared; none of
// it ever makes an accepted delivery fail. Real HTTP on loopback, real SQLite files.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClearRefusedBodiesResponse, DeliveryView, ListDeliveriesResponse } from '../../shared/api';
import { signatureOf } from '../../electron/core/ingest/signature';
import { MAX_BODY_BYTES } from '../../electron/core/ingest/webhookApp';
import { CallStore } from '../../electron/core/store/callStore';
import { DATABASE_FILE, openDatabase } from '../../electron/core/store/db';
import { corePool, tempDir, type TestCore } from '../support/core';
import { UNDO_MIGRATION_12, UNDO_MIGRATION_6, UNDO_MIGRATION_7, UNDO_MIGRATION_8, UNDO_MIGRATION_9 } from '../support/olderSchema';
import { callDeliveries } from '../support/payloads';

const SECRET = '123456789012345678901234567890123456789012345678';
const MiB = 1024 * 1024;

/** A body of exactly `size` bytes (within the cap) that is not JSON: a 400 with the token. */
function malformed(size: number, tag: string): Buffer {
  const head = `{"Id": "${tag}", "Notifications": [`;
  return Buffer.concat([Buffer.from(head), Buffer.alloc(size - head.length, 'x')]);
}

/** The database and its WAL after a checkpoint, as a disk-usage tool would count them. */
function bytesOnDisk(dataDir: string): number {
  const file = path.join(dataDir, DATABASE_FILE);
  const other = new Database(file);
  try {
    other.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    other.close();
  }
  const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  return size(file) + size(`${file}-wal`);
}

function sha256(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

async function deliveries(core: TestCore, limit = 500): Promise<ListDeliveriesResponse> {
  return core.api<ListDeliveriesResponse>(`/api/deliveries?limit=${limit}`);
}

const { start, stopStarted } = corePool();
afterEach(stopStarted);

describe('refused deliveries (401, signature enforced)', () => {
  it('keep their record, size, SHA-256 and first 4 KiB, never the body: 40 unsigned 1 MiB bodies add under 1 MiB on disk', async () => {
    const core = await start({ webhookSecret: SECRET, signatureMode: 'enforce' });
    const before = bytesOnDisk(core.dataDir);
    const bodies = Array.from({ length: 40 }, (_, i) => malformed(MAX_BODY_BYTES, `unsigned-${i}`));
    for (const body of bodies) expect((await core.post(body)).status).toBe(401);
    const added = bytesOnDisk(core.dataDir) - before;
    expect(added).toBeLessThan(MiB);

    const { deliveries: list } = await deliveries(core, 40);
    expect(list).toHaveLength(40);
    const newest = list[0]!;
    expect(newest).toMatchObject({ outcome: 'rejected', status: 401, signature: 'missing', bodyKept: 'head', bodySize: MAX_BODY_BYTES });
    expect(newest.bodySha256).toBe(sha256(bodies[39]!));
    expect(newest.body).toBe(bodies[39]!.subarray(0, 4096).toString('utf8'));
    expect(newest.headers['content-length']).toBe(String(MAX_BODY_BYTES));
  });

  it('keep a short refused body whole, and still only within the budget', async () => {
    const core = await start({ webhookSecret: SECRET, signatureMode: 'enforce' });
    const body = callDeliveries({
      telmetricsId: '1',
      callerNumber: '9055552955',
      localStart: '2019-11-15T09:09:54',
      ringUtc: '2019-11-15T14:09:46.100',
    }).start;
    expect((await core.post(body, { 'ms-signature': signatureOf(Buffer.from(`${body} `), SECRET) })).status).toBe(401);
    const { deliveries: list, refusedBodies } = await deliveries(core, 1);
    expect(list[0]).toMatchObject({ signature: 'invalid', bodyKept: 'whole', body, bodySize: Buffer.byteLength(body) });
    expect(refusedBodies.keptBytes).toBe(Buffer.byteLength(body));
  });
});

describe('rejected bodies (400) share a budget', () => {
  it('drop the oldest bodies past it, keep every record with a note, and can all be cleared', async () => {
    const core = await start({ refusedBodyBudget: 3 * MiB });
    const bodies = Array.from({ length: 8 }, (_, i) => malformed(MiB, `malformed-${i}`));
    for (const body of bodies) expect((await core.post(body)).status).toBe(400);

    const { deliveries: list, refusedBodies } = await deliveries(core);
    expect(refusedBodies).toEqual({ keptBytes: 3 * MiB, budgetBytes: 3 * MiB });
    expect(list).toHaveLength(8);
    const oldestFirst = [...list].reverse();
    expect(oldestFirst.map((d) => d.bodyKept)).toEqual(['dropped', 'dropped', 'dropped', 'dropped', 'dropped', 'whole', 'whole', 'whole']);
    oldestFirst.forEach((d, i) => {
      expect(d).toMatchObject({ outcome: 'rejected', status: 400, bodySize: MiB, bodySha256: sha256(bodies[i]!) });
      expect(d.reason).toMatch(/Malformed JSON/);
      expect(d.body).toBe(d.bodyKept === 'whole' ? bodies[i]!.toString('utf8') : '');
    });

    const res = await core.appFetch('/api/deliveries/refused-bodies', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect((await res.json()) as ClearRefusedBodiesResponse).toEqual({ cleared: 3, refusedBodies: { keptBytes: 0, budgetBytes: 3 * MiB } });
    const after = await deliveries(core);
    expect(after.deliveries.map((d) => d.bodyKept)).toEqual(Array<DeliveryView['bodyKept']>(8).fill('dropped'));
  });

  it('hold at most the budget on disk: 120 malformed 1 MiB bodies with the token keep 64 MiB', async () => {
    const core = await start();
    const before = bytesOnDisk(core.dataDir);
    for (let i = 0; i < 120; i++) expect((await core.post(malformed(MAX_BODY_BYTES, `m-${i}`))).status).toBe(400);
    const { deliveries: list, refusedBodies } = await deliveries(core, 120);
    expect(list).toHaveLength(120);
    expect(refusedBodies).toEqual({ keptBytes: 64 * MiB, budgetBytes: 64 * MiB });
    expect(bytesOnDisk(core.dataDir) - before).toBeLessThan(66 * MiB);
  });

  it('never make an accepted delivery fail while 401 and 400 traffic runs', async () => {
    const core = await start({ webhookSecret: SECRET, signatureMode: 'enforce', refusedBodyBudget: 2 * MiB });
    const signed = (body: string | Buffer) => ({ 'ms-signature': signatureOf(Buffer.from(body), SECRET) });
    const calls = Array.from({ length: 30 }, (_, i) => {
      const spec = {
        telmetricsId: String(1000 + i),
        callerNumber: `90555${String(10000 + i)}`,
        localStart: '2019-11-15T09:09:54',
        ringUtc: '2019-11-15T14:09:46.100',
      };
      return callDeliveries(spec).processed;
    });
    const refused = Array.from({ length: 40 }, (_, i) => core.post(malformed(MAX_BODY_BYTES, `unsigned-${i}`)));
    const rejected = Array.from({ length: 20 }, (_, i) => {
      const body = malformed(MiB / 2, `signed-malformed-${i}`);
      return core.post(body, signed(body));
    });
    const accepted = calls.map((body) => core.post(body, signed(body)));
    const [a, r, j] = await Promise.all([Promise.all(accepted), Promise.all(refused), Promise.all(rejected)]);
    expect(a.map((x) => x.status)).toEqual(Array<number>(30).fill(200));
    expect(r.map((x) => x.status)).toEqual(Array<number>(40).fill(401));
    expect(j.map((x) => x.status)).toEqual(Array<number>(20).fill(400));
    expect(core.store.countCalls()).toBe(30);
    const { refusedBodies } = await deliveries(core, 1);
    expect(refusedBodies.keptBytes).toBeLessThanOrEqual(2 * MiB);
  });

  it('whose body cannot be written (a full disk) keep their record without it, and do not fail the batch', async () => {
    const core = await start();
    const other = new Database(path.join(core.dataDir, DATABASE_FILE));
    try {
      // A real SQLite failure for rejected bodies only, as a disk with room for a small row and not a large one gives.
      other.exec(
        `CREATE TRIGGER no_room BEFORE INSERT ON deliveries WHEN NEW.outcome = 'rejected' AND length(NEW.body) > 0
         BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`,
      );
    } finally {
      other.close();
    }
    const spec = { telmetricsId: '77', callerNumber: '9055550177', localStart: '2019-11-15T09:09:54', ringUtc: '2019-11-15T14:09:46.100' };
    const bad = malformed(64 * 1024, 'no-room');
    const [accepted, rejected] = await Promise.all([core.post(callDeliveries(spec).processed), core.post(bad)]);
    expect(accepted.status).toBe(200);
    expect(rejected.status).toBe(400);
    const list = (await deliveries(core, 2)).deliveries;
    const kept = list.find((d) => d.outcome === 'rejected')!;
    expect(kept).toMatchObject({ status: 400, bodyKept: 'none', body: '', bodySize: bad.length });
    expect(kept.reason).toMatch(/Malformed JSON.*the body could not be stored: database or disk is full/);
    expect(core.store.countCalls()).toBe(1);
  });
});

describe('the budget in an upgraded database', () => {
  it('counts the rejected bodies stored before it, and prunes them first', () => {
    const dir = tempDir();
    try {
      const db = openDatabase(dir);
      const store = new CallStore(db);
      const row = (body: Buffer) => ({ receivedAt: new Date().toISOString(), headers: {}, body, signature: 'not-checked' as const });
      store.ingestBatch([row(malformed(MiB, 'old-1')), row(malformed(MiB, 'old-2'))]);
      db.exec(UNDO_MIGRATION_12 + UNDO_MIGRATION_9 + UNDO_MIGRATION_8 + UNDO_MIGRATION_7 + UNDO_MIGRATION_6);
      db.pragma('user_version = 5');
      db.close();

      const reopened = openDatabase(dir);
      try {
        const upgraded = new CallStore(reopened, undefined, MiB);
        expect(upgraded.refusedBodiesStatus()).toEqual({ keptBytes: 2 * MiB, budgetBytes: MiB });
        expect(upgraded.listDeliveries(2).map((d) => [d.bodyKept, d.bodySize])).toEqual([
          ['whole', MiB],
          ['whole', MiB],
        ]);
        expect(upgraded.pruneRefusedBodies()).toBe(1);
        expect(upgraded.listDeliveries(2).map((d) => d.bodyKept)).toEqual(['whole', 'dropped']);
        expect(upgraded.refusedBodiesStatus().keptBytes).toBe(MiB);
      } finally {
        reopened.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
