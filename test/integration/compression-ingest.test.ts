// Compressed storage seen from outside, over real HTTP against a started core with its SQLite file: a signed
// delivery is stored compressed and its stored bytes still verify against the signature it came with; the
// inspector, the call's webhook events and Re-process read the body byte for byte; a rejected body and an API
// answer come back exactly as received.

import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiAnswerView, CallDetailResponse, DeliveryView, ListCallsResponse } from '../../shared/api';
import { checkSignature, signatureOf } from '../../electron/core/ingest/signature';
import { CODEC_DEFLATE_1, CODEC_NONE, decodeText } from '../../electron/core/store/bodyCodec';
import { DATABASE_FILE } from '../../electron/core/store/db';
import { parseEnvelope } from '../../shared/marketingEdge/normalise';
import { apiAnswerBody, apiResult } from '../support/apiResults';
import { corePool, type TestCore } from '../support/core';
import { callDeliveries, SAMPLE_CALLER } from '../support/payloads';
import { loadSeeds, withCrlf } from '../support/seeds';

const seeds = loadSeeds();
const SECRET = '123456789012345678901234567890123456789012345678';
const { start, stopStarted } = corePool();
afterEach(stopStarted);

interface StoredRow {
  id: number;
  body: Buffer;
  body_codec: number;
  headers: string | Buffer;
}

function stored(core: TestCore): StoredRow[] {
  const db = new Database(path.join(core.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare(`SELECT id, body, body_codec, headers FROM deliveries ORDER BY id`).all() as StoredRow[];
  } finally {
    db.close();
  }
}

describe('a signed delivery stored compressed', () => {
  it('verifies from its stored bytes, and the inspector, the call and Re-process read it byte for byte', async () => {
    const core = await start({ webhookSecret: SECRET, signatureMode: 'enforce' });
    const bodies = [seeds.start, seeds.preprocessed, seeds.processed].map((s) => Buffer.from(withCrlf(s.body)));
    for (const body of bodies) expect((await core.post(body, { 'ms-signature': signatureOf(body, SECRET) })).status).toBe(200);

    const rows = stored(core);
    expect(rows.map((r) => r.body_codec)).toEqual([CODEC_DEFLATE_1, CODEC_DEFLATE_1, CODEC_DEFLATE_1]);
    rows.forEach((r, i) => expect(r.body.length).toBeLessThan(bodies[i]!.length / 2));
    for (const [i, r] of rows.entries()) {
      const row = core.store.deliveryRow(r.id)!;
      expect(row.body.equals(bodies[i]!)).toBe(true);
      const headers = JSON.parse(decodeText(r.headers)) as Record<string, string>;
      expect(checkSignature(row.body, headers['ms-signature'], SECRET, 'enforce')).toBe('valid');
      const view = await core.api<DeliveryView>(`/api/deliveries/${r.id}`);
      expect(Buffer.from(view.body, 'utf8').equals(bodies[i]!)).toBe(true);
      expect(view.bodySize).toBe(bodies[i]!.length);
    }

    // The call's webhook events show each notification as its delivery's body holds it.
    const [call] = (await core.api<ListCallsResponse>('/api/calls?limit=5')).calls;
    const detail = await core.api<CallDetailResponse>(`/api/calls/${call!.id}`);
    expect(detail.events.length).toBeGreaterThan(0);
    for (const event of detail.events) {
      const body = bodies[rows.findIndex((r) => r.id === event.deliveryId)]!;
      const parsed = parseEnvelope(body.toString('utf8'));
      expect(parsed.ok && parsed.envelope.notifications.map((n) => JSON.stringify(n))).toContain(event.raw);
    }

    // Re-process reads the stored body as received: today's normaliser finds nothing new, and nothing is rewritten.
    const before = stored(core);
    const res = await core.appFetch(`/api/deliveries/${rows[2]!.id}/reprocess`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ result: 'unchanged' });
    expect(stored(core)).toEqual(before);
  });
});

describe('a delivery Re-process applies', () => {
  it('has its actions written back compressed, as ingest stores them, and read back equal', async () => {
    const core = await start();
    const { start: body } = callDeliveries(SAMPLE_CALLER);
    // As an older version left it: rejected, no actions, stored uncompressed.
    const file = new Database(path.join(core.dataDir, DATABASE_FILE));
    const id = Number(
      file
        .prepare(
          `INSERT INTO deliveries (received_at, outcome, reason, signature, status, notification_count, actions, headers, body, body_size, body_kept)
           VALUES ('2019-11-15T14:10:03.252Z', 'rejected', 'an older rule', 'not-checked', 400, 0, '[]', '{}', ?, ?, 'whole')`,
        )
        .run(Buffer.from(body), Buffer.byteLength(body)).lastInsertRowid,
    );
    file.close();
    const res = await core.appFetch(`/api/deliveries/${id}/reprocess`, { method: 'POST' });
    expect(await res.json()).toMatchObject({ result: 'applied' });
    // A live Call Start: what ingest stores for the same actions.
    expect((await core.post(callDeliveries({ ...SAMPLE_CALLER, telmetricsId: '2079571999', callerNumber: '4165550199' }).start)).status).toBe(200);
    const db = new Database(path.join(core.dataDir, DATABASE_FILE), { readonly: true });
    const [reprocessed, live] = db.prepare(`SELECT actions FROM deliveries ORDER BY id`).pluck().all() as (string | Buffer)[];
    db.close();
    expect(Buffer.isBuffer(reprocessed) && reprocessed[0]).toBe(CODEC_DEFLATE_1);
    expect(reprocessed).toEqual(live);
    expect(decodeText(reprocessed!)).toBe('["CallDetails.CallStartCall"]');
    expect(core.store.deliveryRow(id)!.actions).toBe('["CallDetails.CallStartCall"]');
  });
});

describe('a body kept as it came', () => {
  it('comes back exactly: rejected invalid UTF-8, an empty body, and one that does not compress', async () => {
    const core = await start();
    const invalid = Buffer.concat([Buffer.from(withCrlf(seeds.start.body).slice(0, 300)), Buffer.from([0xff, 0xfe, 0xc3, 0x28])]);
    const random = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919 + ((i * i) % 251)) % 256));
    const empty = Buffer.alloc(0);
    for (const body of [invalid, empty, random]) expect((await core.post(body)).status).toBe(400);
    const rows = stored(core);
    expect(rows.map((r) => r.body_codec)).toEqual([CODEC_NONE, CODEC_NONE, CODEC_NONE]);
    [invalid, empty, random].forEach((body, i) => expect(core.store.deliveryRow(rows[i]!.id)!.body.equals(body)).toBe(true));
    expect((await core.api<DeliveryView>(`/api/deliveries/${rows[0]!.id}`)).bodySize).toBe(invalid.length);
  });
});

describe('an answer of the vendor API', () => {
  it('is stored compressed and shown, listed with its size and read back for Re-process, exactly as received', async () => {
    const core = await start();
    const body = apiAnswerBody([apiResult(SAMPLE_CALLER), apiResult({ ...SAMPLE_CALLER, telmetricsId: '2079571999', callerNumber: '4165550199' })]);
    await core.store.ingestApiAnswer({
      provider: 'marketing-edge',
      url: 'https://edgeapi.test/calls?page=1',
      status: 200,
      receivedAt: Date.now(),
      body,
    });
    const db = new Database(path.join(core.dataDir, DATABASE_FILE), { readonly: true });
    const row = db.prepare(`SELECT codec, size, length(body) AS bytes FROM api_bodies`).get() as { codec: number; size: number; bytes: number };
    db.close();
    expect(row).toMatchObject({ codec: CODEC_DEFLATE_1, size: body.length });
    expect(row.bytes).toBeLessThan(body.length / 2);
    const { answers } = await core.api<{ answers: ApiAnswerView[] }>('/api/catch-up/answers');
    expect(answers[0]).toMatchObject({ bodySize: body.length, bodyIncluded: false });
    const one = await core.api<ApiAnswerView>(`/api/catch-up/answers/${answers[0]!.id}`);
    expect(one.body).toBe(body.toString('utf8'));
    const res = await core.appFetch(`/api/catch-up/answers/${answers[0]!.id}/reprocess`, { method: 'POST' });
    expect(res.status).toBe(200);
  });
});
