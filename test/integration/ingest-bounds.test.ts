// One webhook cannot freeze the app: each call a batch touches is folded once, an envelope's notifications and
// a call's events are bounded, and what goes beyond is kept raw in the delivery with the reason. Real core,
// real HTTP on loopback, real SQLite file.

import { afterEach, describe, expect, it } from 'vitest';
import { MAX_EVENTS_PER_CALL, MAX_NOTIFICATIONS_PER_DELIVERY } from '../../shared/calls/limits';
import { startTestCore, type TestCore } from '../support/core';
import { callDeliveries, envelope } from '../support/payloads';

/** `count` small Processed notifications of one call (~70 bytes each: 5,000 make a 350 KB envelope). */
function processedOfOneCall(count: number, telmetricsId = 424242, from = 0): object[] {
  return Array.from({ length: count }, (_, i) => ({ Action: 'CallDetails.CallProcessed', TelmetricsId: telmetricsId, CallSeconds: from + i }));
}

/** Asks GET /api/health one after another until `until` settles; the longest single wait, in ms. */
async function longestHealthWait(core: TestCore, until: Promise<unknown>): Promise<number> {
  let done = false;
  void until.finally(() => (done = true));
  let longest = 0;
  while (!done) {
    const t0 = performance.now();
    await core.api('/api/health');
    longest = Math.max(longest, performance.now() - t0);
  }
  return longest;
}

let core: TestCore | null = null;
afterEach(async () => {
  await core?.stop();
  core = null;
});

describe('bounded ingest', () => {
  it('answers a 5,000-notification webhook at once and keeps answering others meanwhile', { timeout: 120_000 }, async () => {
    core = await startTestCore();
    const body = envelope(processedOfOneCall(5000));
    expect(body.length).toBeGreaterThan(300_000);
    const t0 = performance.now();
    const answer = core.post(body).then((r) => ({ ...r, ms: performance.now() - t0 }));
    const [longest, { status, ms }] = await Promise.all([longestHealthWait(core, answer), answer]);
    expect(status).toBe(200);
    expect(ms).toBeLessThan(2000);
    expect(longest).toBeLessThan(1000);

    const [delivery] = core.store.listDeliveries(1);
    expect(delivery).toMatchObject({ outcome: 'accepted', status: 200, notificationCount: 5000 });
    expect(delivery!.reason).toContain(`Only the first ${MAX_NOTIFICATIONS_PER_DELIVERY} of 5000 notifications were processed`);
    expect(delivery!.body).toBe(body);
    const { calls } = core.store.listCalls({ limit: 10 });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.eventCount).toBe(MAX_EVENTS_PER_CALL);
  });

  it('stops folding a call at its bound, across deliveries, and says so in the delivery', async () => {
    core = await startTestCore();
    const sizes = [30, 15, 30];
    const answers = [];
    for (const [n, size] of sizes.entries()) answers.push(await core.post(envelope(processedOfOneCall(size, 77, n * 100))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const [third, ...earlier] = core.store.listDeliveries(3);
    expect(earlier.map((d) => d.reason)).toEqual([null, null]);
    const beyond = 30 + 15 + 30 - MAX_EVENTS_PER_CALL;
    expect(third!.reason).toBe(
      `${beyond} notifications not folded: the call already has ${MAX_EVENTS_PER_CALL} events (kept unprocessed in this delivery's body)`,
    );
    expect(third!.outcome).toBe('accepted');
    const [call] = core.store.listCalls({ limit: 10 }).calls;
    expect(call!.eventCount).toBe(MAX_EVENTS_PER_CALL);
    expect(core.store.getCallDetail(call!.id)!.events).toHaveLength(MAX_EVENTS_PER_CALL);
  });

  it('answers other webhooks and raises their screen pops while huge ones are being taken', { timeout: 120_000 }, async () => {
    core = await startTestCore();
    const raised = new Map<string, number>();
    core.feed.onCall((event) => {
      if (event.alert && event.call.callerNumber) raised.set(event.call.callerNumber, performance.now());
    });
    const bigs = Promise.all([1, 2, 3].map((n) => core!.post(envelope(processedOfOneCall(5000, 500 + n)))));
    let done = false;
    void bigs.finally(() => (done = true));
    const waits: number[] = [];
    const pops: number[] = [];
    for (let i = 0; !done || i < 3; i++) {
      const callerNumber = `61355502${String(i).padStart(2, '0')}`;
      const other = callDeliveries({
        telmetricsId: String(600 + i),
        callerNumber,
        localStart: '2019-11-15T10:00:00',
        ringUtc: '2019-11-15T15:00:00.000',
      });
      const t0 = performance.now();
      expect((await core.post(other.start)).status).toBe(200);
      waits.push(performance.now() - t0);
      pops.push((raised.get(callerNumber) ?? Infinity) - t0);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await bigs).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(Math.max(...waits)).toBeLessThan(1000);
    expect(Math.max(...pops)).toBeLessThan(1000);
  });
});
