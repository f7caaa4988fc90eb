// The store worker dies (the front's test hook ends it as a crash would) while webhooks keep coming: while
// it is down every webhook is answered 503, never 200, and the API says it is restarting; the front starts
// it again by itself, and the calls sent after are stored. Real worker thread, real HTTP, real SQLite.

import { afterEach, describe, expect, it } from 'vitest';
import type { HealthOk, ListCallsResponse } from '../../shared/api';
import { failuresInARow, HEALTHY_RUN_MS, MAX_DELAY_MS, restartDelay } from '../../electron/core/thread/restartPolicy';
import { RESTARTING_MESSAGE } from '../../electron/core/thread/storeUnavailable';
import { startTestFront, type TestFront } from '../support/front';
import { envelope, startNotification } from '../support/payloads';

let running: TestFront | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

let serial = 0;
function callStart(): { id: string; body: string; number: string } {
  serial++;
  const id = `crash-${serial}`;
  const number = `416555${String(serial).padStart(4, '0')}`;
  const body = envelope(
    [
      startNotification({
        telmetricsId: `7100${serial}`,
        callerNumber: number,
        localStart: '2026-11-02T09:00:00',
        ringUtc: '2026-11-02T14:00:00.000',
      }),
    ],
    { id },
  );
  return { id, body, number };
}

describe('a store worker that dies', () => {
  it('is answered 503 while down, never 200, and comes back by itself', async () => {
    const t = (running = await startTestFront());
    const before = callStart();
    expect((await t.post(before.body)).status).toBe(200);
    expect(t.front.storeThread()).toMatchObject({ thread: 'worker', state: 'running', restarts: 0 });

    // Senders that keep posting, noting the store thread's state around each answer.
    const answers: { status: number; down: boolean; id: string; restarted: boolean }[] = [];
    let restarted = false;
    let sending = true;
    const sender = async () => {
      while (sending) {
        const call = callStart();
        const downBefore = t.front.storeThread().state !== 'running';
        const { status } = await t.post(call.body).catch(() => ({ status: 0 }));
        const downAfter = t.front.storeThread().state !== 'running';
        answers.push({ status, down: downBefore && downAfter, id: call.id, restarted });
      }
    };
    const senders = Array.from({ length: 4 }, () => sender());
    await new Promise((resolve) => setTimeout(resolve, 300));
    await t.crashWorker();
    expect(t.front.storeThread().state).toBe('restarting');

    // The API while it is down: 503 with words a receptionist understands.
    const health = await t.appFetch('/api/health');
    expect(health.status).toBe(503);
    expect(((await health.json()) as { error: string }).error).toBe(RESTARTING_MESSAGE);
    // A recording the player asks for meanwhile: the same 503 and words, not an internal error.
    const recording = await t.appFetch('/api/calls/1/recording');
    expect(recording.status).toBe(503);
    expect(recording.headers.get('retry-after')).toBe('2');
    expect(((await recording.json()) as { error: string }).error).toBe(RESTARTING_MESSAGE);
    expect(t.front.storeThread().state).toBe('restarting');

    await t.waitFor('running');
    restarted = true;
    await new Promise((resolve) => setTimeout(resolve, 300));
    sending = false;
    await Promise.all(senders);

    const status = t.front.storeThread();
    expect(status.restarts).toBe(1);
    expect(status.lastExit).toMatch(/stopped/);
    const whileDown = answers.filter((a) => a.down);
    expect(whileDown.length).toBeGreaterThan(0);
    expect(whileDown.every((a) => a.status === 503)).toBe(true);
    expect(answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
    expect(answers.filter((a) => a.restarted && a.status === 200).length).toBeGreaterThan(0);

    // Every acknowledged call is stored (the senders' calls are all from different callers), and the one sent after too.
    const after = callStart();
    expect((await t.post(after.body)).status).toBe(200);
    const acknowledged = answers.filter((a) => a.status === 200).length;
    const healthAgain = await t.api<HealthOk>('/api/health');
    // A commit whose answer the crash cut off is kept too (the sender retries; its envelope id is recognised).
    expect(healthAgain.calls).toBeGreaterThanOrEqual(acknowledged + 2);
    expect(healthAgain.calls).toBeLessThanOrEqual(answers.length + 2);
    // Each looked up by its number: a fast machine sends more than a page of calls while the worker is down.
    const callsOf = async (number: string) => (await t.api<ListCallsResponse>(`/api/calls?q=${number}&limit=5`)).calls;
    expect((await callsOf(after.number)).some((c) => c.callerNumber === after.number)).toBe(true);
    expect((await callsOf(before.number)).some((c) => c.callerNumber === before.number)).toBe(true);
    console.log(`worker crash: ${answers.length} sent, ${acknowledged} acknowledged, ${whileDown.length} answered 503 while down`);
  }, 60_000);

  it('a restarted worker keeps a token regenerated since start, not the one given at start', async () => {
    const t = (running = await startTestFront({ webhookToken: 'a-token-given-at-start-0123456789' }));
    await t.front.handlers.regenerateToken({} as never);
    const regenerated = t.front.webhookUrl;
    expect(regenerated).not.toContain('a-token-given-at-start');
    await t.crashWorker();
    await t.waitFor('running');
    expect(t.front.webhookUrl).toBe(regenerated);
    expect((await t.post(callStart().body)).status).toBe(200);
  }, 30_000);

  it('waits longer after each failure in a row, and starts afresh after a healthy run', () => {
    const delays = [1, 2, 3, 4].map(restartDelay);
    expect(delays[0]).toBeLessThan(500);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1]!);
    expect(restartDelay(50)).toBe(MAX_DELAY_MS);
    expect(failuresInARow(3, 1000)).toBe(4);
    expect(failuresInARow(3, HEALTHY_RUN_MS)).toBe(1);
  });
});
