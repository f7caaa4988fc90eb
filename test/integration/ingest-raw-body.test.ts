// The body exactly as received: an over-cap body is refused before it is read (and, with
// `Expect: 100-continue`, before it is sent), and a compressed body is refused with 415 and kept as it came,
// never inflated, its signature checked over the bytes that arrived. Real HTTP on loopback, real SQLite files.

import { createHash } from 'node:crypto';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { ListDeliveriesResponse } from '../../shared/api';
import { signatureOf } from '../../electron/core/ingest/signature';
import { MAX_BODY_BYTES } from '../../electron/core/ingest/webhookApp';
import { corePool, type TestCore } from '../support/core';
import { loadSeeds } from '../support/seeds';

const seeds = loadSeeds();
const SECRET = '123456789012345678901234567890123456789012345678';
const OVER_CAP = 2 * MAX_BODY_BYTES;

interface Exchange {
  status: number;
  text: string;
  /** A `100 Continue` came before the answer. */
  continued: boolean;
  /** Body bytes written when the answer came. */
  sent: number;
}

/**
 * A POST that declares `OVER_CAP` bytes and sends none of them until told to continue (with
 * `Expect: 100-continue`) or at all (without): the answer must come while the body is still unsent.
 */
function declareOverCap(core: TestCore, expectContinue: boolean): Promise<Exchange> {
  const url = new URL(core.webhookUrl);
  return new Promise((resolve, reject) => {
    let continued = false;
    let sent = 0;
    const headers: Record<string, string | number> = { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': OVER_CAP };
    if (expectContinue) headers.Expect = '100-continue';
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode!, text, continued, sent });
        req.destroy();
      });
    });
    req.on('continue', () => {
      continued = true;
      sent = OVER_CAP;
      req.end(Buffer.alloc(OVER_CAP, 'x'));
    });
    req.on('error', reject);
    req.setTimeout(3000, () => reject(new Error('no answer within 3 s while the body was unsent')));
    req.flushHeaders();
  });
}

async function lastDelivery(core: TestCore) {
  return (await core.api<ListDeliveriesResponse>('/api/deliveries?limit=1')).deliveries[0]!;
}

const { start, stopStarted } = corePool();
afterEach(stopStarted);

describe('a declared body over the cap', () => {
  it('with Expect: 100-continue is answered 413 at once, without 100 Continue, and recorded', async () => {
    const core = await start();
    const answer = await declareOverCap(core, true);
    expect(answer).toMatchObject({ status: 413, continued: false, sent: 0 });
    expect(answer.text).toMatch(/larger than 1048576 bytes: refused before reading/);
    expect(await lastDelivery(core)).toMatchObject({ outcome: 'rejected', status: 413, bodyKept: 'none', bodySize: OVER_CAP, body: '' });
  });

  it('without Expect is answered 413 before its body is sent', async () => {
    const core = await start();
    expect(await declareOverCap(core, false)).toMatchObject({ status: 413, sent: 0 });
    expect(await lastDelivery(core)).toMatchObject({ status: 413, bodyKept: 'none', bodySize: OVER_CAP });
  });

  it('sent in chunks with no length is cut off at the first byte over the cap, and recorded', async () => {
    const core = await start();
    const url = new URL(core.webhookUrl);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      // Keeps sending until answered: the body has no end the listener could wait for.
      const pump = () => {
        if (req.destroyed || req.writableEnded) return;
        while (req.write(chunk));
        req.once('drain', pump);
      };
      pump();
    });
    expect(status).toBe(413);
    expect(await lastDelivery(core)).toMatchObject({ status: 413, bodyKept: 'none', bodySize: null, body: '' });
  });

  it('still lets a body within the cap continue, as the ASP.NET sender expects', async () => {
    const core = await start();
    const url = new URL(core.webhookUrl);
    const body = Buffer.from(seeds.start.body);
    const continued = await new Promise<boolean>((resolve, reject) => {
      let sawContinue = false;
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length, Expect: '100-continue' },
        },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve(sawContinue) : reject(new Error(`HTTP ${res.statusCode}`))));
        },
      );
      req.on('continue', () => {
        sawContinue = true;
        req.end(body);
      });
      req.on('error', reject);
    });
    expect(continued).toBe(true);
    expect(core.store.countCalls()).toBe(1);
  });
});

describe('a compressed body', () => {
  const json = Buffer.from(seeds.start.body);
  const gzipped = gzipSync(json);

  it('is refused with 415 and kept exactly as received, never inflated', async () => {
    const core = await start();
    const res = await core.post(gzipped, { 'content-encoding': 'gzip' });
    expect(res.status).toBe(415);
    expect(res.text).toMatch(/Content-Encoding "gzip" refused/);
    const kept = await lastDelivery(core);
    expect(kept).toMatchObject({ outcome: 'rejected', status: 415, bodyKept: 'whole', bodySize: gzipped.length, notificationCount: 0 });
    expect(kept.bodySha256).toBe(createHash('sha256').update(gzipped).digest('hex'));
    expect(core.store.countCalls()).toBe(0);
  });

  it('has its signature checked over the bytes that arrived, not over what they inflate to', async () => {
    const core = await start({ webhookSecret: SECRET, signatureMode: 'enforce' });
    const overInflated = await core.post(gzipped, { 'content-encoding': 'gzip', 'ms-signature': signatureOf(json, SECRET) });
    expect(overInflated.status).toBe(401);
    expect(await lastDelivery(core)).toMatchObject({ signature: 'invalid', status: 401, bodySize: gzipped.length });
    const overReceived = await core.post(gzipped, { 'content-encoding': 'gzip', 'ms-signature': signatureOf(gzipped, SECRET) });
    expect(overReceived.status).toBe(415);
    expect(await lastDelivery(core)).toMatchObject({ signature: 'valid', status: 415 });
  });

  it('Content-Encoding: identity is the body as it is', async () => {
    const core = await start();
    expect((await core.post(json, { 'content-encoding': 'identity' })).status).toBe(200);
    expect(core.store.countCalls()).toBe(1);
  });
});
