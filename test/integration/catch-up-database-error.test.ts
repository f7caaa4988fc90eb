// A catch-up answer the database failed on while it was first filed (a real SQLITE_FULL, on a real file): it
// must not read "accepted" with calls missing, but failed, with Re-process offered; once there is room again,
// Re-process applies it.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { inspectorHandlers } from '../../electron/core/api/inspectorHandlers';
import { ChangeFeed } from '../../electron/core/changeFeed';
import { CallStore } from '../../electron/core/store/callStore';
import { openDatabase, type Db } from '../../electron/core/store/db';
import { apiAnswerBody, apiResult } from '../support/apiResults';
import { tempDir } from '../support/core';

let dir: string | undefined;
let db: Db | undefined;
afterEach(() => {
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  db = dir = undefined;
});

describe('a catch-up answer the database failed on while filing it', () => {
  it('is marked failed, not accepted, offers Re-process, and Re-process applies it once there is room', async () => {
    dir = tempDir();
    db = openDatabase(dir);
    const store = new CallStore(db);
    const results = Array.from({ length: 60 }, (_, i) =>
      apiResult({
        telmetricsId: String(4500000000 + i),
        callerNumber: `90555${String(20000 + i)}`,
        callerName: `Caller ${i}`,
        localStart: '2019-11-15T09:09:54',
        ringUtc: new Date(Date.UTC(2019, 10, 15, 14, 10, 46) + i * 60_000).toISOString().slice(0, 23),
      }),
    );
    const body = apiAnswerBody(results);
    // The body is kept already (answers share bodies by hash), so the answer's own row fits and its calls do not.
    db.prepare(`INSERT INTO api_bodies (sha256, body) VALUES (?, ?)`).run(createHash('sha256').update(body).digest('hex'), body);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);

    const answer = { provider: 'marketing-edge' as const, url: 'https://api.example.com/v1/calls', status: 200, receivedAt: Date.now(), body };
    await expect(store.ingestApiAnswer(answer)).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    expect(store.countCalls()).toBeLessThan(60);
    const [kept] = store.listApiAnswers({}).answers;
    expect(kept).toMatchObject({ outcome: 'failed', reprocessBlocked: null });
    expect(kept!.reason).toMatch(
      /^Stored but not processed from result \d+: the database could not be written \(SQLITE_FULL: database or disk is full\)$/,
    );
    expect(kept!.summary).toMatch(/could not save them \(the disk may be full\)\. Free some space, then Re-process\.$/);

    db.pragma('max_page_count = 1073741823');
    const handlers = inspectorHandlers({ store, feed: new ChangeFeed() });
    expect((await handlers.reprocessApiAnswer(kept!.id))!).toMatchObject({ result: 'applied', answer: { outcome: 'accepted', reason: null } });
    expect(store.countCalls()).toBe(60);
  });
});
