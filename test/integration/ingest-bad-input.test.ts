// Every kind of bad input, with the status it gets and the row it leaves. Nothing is lost silently.

import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryView, ListDeliveriesResponse } from '../../shared/api';
import { signatureOf } from '../../electron/core/ingest/signature';
import { DATABASE_FILE } from '../../electron/core/store/db';
import { startTestCore, type TestCore } from '../support/core';
import { loadSeeds } from '../support/seeds';

const seeds = loadSeeds();
const SECRET = '123456789012345678901234567890123456789012345678';

async function lastDelivery(core: TestCore): Promise<DeliveryView> {
  return (await core.api<ListDeliveriesResponse>('/api/deliveries?limit=1')).deliveries[0]!;
}

async function deliveryCount(core: TestCore): Promise<number> {
  return (await core.api<ListDeliveriesResponse>('/api/deliveries?limit=500')).deliveries.length;
}

describe('webhook listener', () => {
  let core: TestCore;
  beforeAll(async () => {
    core = await startTestCore();
  });
  afterAll(() => core.stop());

  it('answers the registration echo as text/plain', async () => {
    const res = await fetch(`${core.webhookUrl}?echo=abc%20123`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('abc 123');
  });

  it('404s a wrong token and stores nothing', async () => {
    const before = await deliveryCount(core);
    const wrong = core.webhookUrl.replace(/\/hooks\/.*/, '/hooks/not-the-token');
    const res = await fetch(wrong, { method: 'POST', body: seeds.start.body });
    expect(res.status).toBe(404);
    expect((await fetch(`${wrong}?echo=x`)).status).toBe(404);
    expect(await deliveryCount(core)).toBe(before);
  });

  it('has nothing but webhook routes', async () => {
    const base = new URL(core.webhookUrl).origin;
    for (const p of ['/', '/api/health', '/api/calls', '/hooks']) expect((await fetch(`${base}${p}`)).status).toBe(404);
  });

  it('listens on 127.0.0.1 only', () => {
    expect(new URL(core.webhookUrl).hostname).toBe('127.0.0.1');
    expect(new URL(core.appUrl).hostname).toBe('127.0.0.1');
  });

  it('400s malformed JSON and keeps it as a rejected delivery with the reason', async () => {
    const res = await core.post('{"Id": "abc", "Notifications": [');
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/Malformed JSON/);
    expect(await lastDelivery(core)).toMatchObject({
      outcome: 'rejected',
      status: 400,
      body: '{"Id": "abc", "Notifications": [',
      reason: expect.stringMatching(/Malformed JSON/),
    });
  });

  it('400s a body that is not an envelope, and keeps it', async () => {
    const res = await core.post('{"hello": "world"}');
    expect(res.status).toBe(400);
    expect(await lastDelivery(core)).toMatchObject({ outcome: 'rejected', reason: expect.stringMatching(/Not a webhook envelope/) });
  });

  it('400s a body that is not UTF-8, and keeps its bytes', async () => {
    const res = await core.post(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect(res.status).toBe(400);
    expect(await lastDelivery(core)).toMatchObject({ outcome: 'rejected', reason: 'The body is not valid UTF-8 text' });
  });

  it('accepts and keeps unknown actions without making calls of them', async () => {
    const body = JSON.stringify({
      Id: 'sms-1',
      Attempt: 1,
      Properties: { UTC: '2020-01-01T00:00:00' },
      Notifications: [{ Action: 'SmsDetails.SmsConversationStart', Text: 'hi' }],
    });
    const calls = (await core.api<{ calls: unknown[] }>('/api/calls')).calls.length;
    expect((await core.post(body)).status).toBe(200);
    expect(await lastDelivery(core)).toMatchObject({ outcome: 'accepted', actions: ['SmsDetails.SmsConversationStart'] });
    expect((await core.api<{ calls: unknown[] }>('/api/calls')).calls.length).toBe(calls);
  });

  it('413s a body over 1 MiB and records the refusal', async () => {
    const res = await core.post(`{"Id":"big","Notifications":[],"pad":"${'x'.repeat(1024 * 1024)}"}`);
    expect(res.status).toBe(413);
    expect(await lastDelivery(core)).toMatchObject({ outcome: 'rejected', status: 413, body: '' });
  });

  it('takes a body exactly at the cap', async () => {
    const head = '{"Id":"cap","Attempt":1,"Properties":{},"Notifications":[],"pad":"';
    const body = head + 'x'.repeat(1024 * 1024 - head.length - 2) + '"}';
    expect(Buffer.byteLength(body)).toBe(1024 * 1024);
    expect((await core.post(body)).status).toBe(200);
  });

  it('handles Expect: 100-continue and keep-alive like the ASP.NET sender', async () => {
    const url = new URL(core.webhookUrl);
    const body = Buffer.from(seeds.preprocessed.body.replace('3071d2dae4b24d619afad2eddcd05e7b', 'expect-100'));
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Length': body.length,
            Expect: '100-continue',
            Connection: 'Keep-Alive',
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('continue', () => req.end(body));
      req.on('error', reject);
    });
    expect(status).toBe(200);
  });
});

describe('signature modes', () => {
  const body = seeds.start.body;
  const good = { 'ms-signature': signatureOf(Buffer.from(body), SECRET) };
  const bad = { 'ms-signature': signatureOf(Buffer.from(`${body} `), SECRET) };

  it('report: stores the verdict and accepts', async () => {
    const core = await startTestCore({ webhookSecret: SECRET });
    try {
      expect(core.config().signatureMode).toBe('report');
      expect((await core.post(body, bad)).status).toBe(200);
      expect(await lastDelivery(core)).toMatchObject({ outcome: 'accepted', signature: 'invalid' });
      expect((await core.post(seeds.preprocessed.body)).status).toBe(200);
      expect(await lastDelivery(core)).toMatchObject({ signature: 'missing' });
    } finally {
      await core.stop();
    }
  });

  it('enforce: 401 for a wrong or missing signature (kept as rejected), 200 for the right one', async () => {
    const core = await startTestCore({ webhookSecret: SECRET, signatureMode: 'enforce' });
    try {
      expect((await core.post(body, bad)).status).toBe(401);
      expect(await lastDelivery(core)).toMatchObject({ outcome: 'rejected', status: 401, signature: 'invalid' });
      expect((await core.post(body)).status).toBe(401);
      expect((await core.post(body, good)).status).toBe(200);
      expect(await lastDelivery(core)).toMatchObject({ outcome: 'accepted', signature: 'valid' });
      expect((await core.api<{ calls: unknown[] }>('/api/calls')).calls).toHaveLength(1);
    } finally {
      await core.stop();
    }
  });

  it('off: does not check', async () => {
    const core = await startTestCore({ webhookSecret: SECRET, signatureMode: 'off' });
    try {
      expect((await core.post(body, bad)).status).toBe(200);
      expect(await lastDelivery(core)).toMatchObject({ signature: 'not-checked' });
    } finally {
      await core.stop();
    }
  });

  it('refuses to enforce without a secret', async () => {
    await expect(startTestCore({ signatureMode: 'enforce' })).rejects.toThrow(/needs a webhook secret/);
  });
});

describe('storage failure', () => {
  it('answers 503 (so the sender retries), never 2xx or 410, when the delivery cannot be stored', async () => {
    const core = await startTestCore();
    try {
      // A real SQLite failure on insert, as a full disk or a locked file would give, set up through a second
      // connection to the core's database file: the core's connection sees the new schema at its next write.
      const other = new Database(path.join(core.dataDir, DATABASE_FILE));
      try {
        other.exec(`CREATE TRIGGER no_space BEFORE INSERT ON deliveries BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
      } finally {
        other.close();
      }
      const res = await core.post(seeds.start.body);
      expect(res.status).toBe(503);
      expect((await core.api<{ calls: unknown[] }>('/api/calls')).calls).toHaveLength(0);
    } finally {
      await core.stop();
    }
  });
});
