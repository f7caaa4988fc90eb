// The front's mirrors follow the store worker: a token regenerated, a signature mode changed, alert
// preferences saved and a follow-up opened are seen by the front's synchronous getters; the live stream
// still carries calls; refusals keep their status across the thread; a tunnel settings change arrives as
// one change; the CSV export streams in chunks.
// Real worker thread, real HTTP on loopback, real SQLite.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertPreferences, CallStreamEvent, FollowUpsEvent, ListCallsResponse } from '../../shared/api';
import { postWebhook } from '../support/core';
import { startTestFront, type TestFront } from '../support/front';
import { envelope, preprocessedNotification, processedNotification, startNotification, type CallSpec } from '../support/payloads';

let t: TestFront;
beforeAll(async () => {
  t = await startTestFront();
});
afterAll(() => t.stop());

let serial = 0;
function spec(answered: boolean): CallSpec {
  serial++;
  return {
    telmetricsId: `63000${String(serial).padStart(4, '0')}`,
    callerNumber: `647555${String(serial).padStart(4, '0')}`,
    callerName: 'Ann Lee',
    localStart: '2026-11-02T09:00:00',
    ringUtc: '2026-11-02T14:00:00.000',
    answered,
  };
}

async function until(what: string, ok: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`Still not ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const put = (path: string, body: unknown) =>
  t.appFetch(path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the front with the store in a worker', () => {
  it('follows a regenerated token at once: the old URL stops working, the new one takes calls', async () => {
    const old = t.front.webhookUrl;
    expect((await t.post(envelope([startNotification(spec(false))]))).status).toBe(200);
    const res = await t.appFetch('/api/settings/regenerate-token', { method: 'POST' });
    expect(res.status).toBe(200);
    const { webhookUrl } = (await res.json()) as { webhookUrl: string };
    expect(t.front.webhookUrl).toBe(webhookUrl);
    expect(webhookUrl).not.toBe(old);
    expect((await postWebhook(old, envelope([startNotification(spec(false))]))).status).toBe(404);
    expect((await t.post(envelope([startNotification(spec(false))]))).status).toBe(200);
  });

  it('follows the signature mode and the alert preferences as saved', async () => {
    expect(t.front.signatureMode()).toBe('off');
    expect((await put('/api/settings', { signature: { mode: 'report', secret: 'a-shared-secret' } })).status).toBe(200);
    expect(t.front.signatureMode()).toBe('report');
    const alerts: AlertPreferences = {
      onStart: false,
      onMissed: true,
      onVoicemail: false,
      quietHours: { enabled: true, start: '22:00', end: '07:00' },
    };
    expect((await put('/api/settings', { alerts })).status).toBe(200);
    expect(t.front.alertPreferences()).toEqual(alerts);
    expect((await put('/api/settings', { signature: { mode: 'off' } })).status).toBe(200);
    expect(t.front.signatureMode()).toBe('off');
  });

  it('counts a follow-up opened by a missed call, and pushes the call with its alert and on the live stream', async () => {
    const before = t.front.openFollowUps();
    const followUps: FollowUpsEvent[] = [];
    const calls: CallStreamEvent[] = [];
    const offFollowUps = t.front.feed.onFollowUps((event) => followUps.push(event));
    const offCalls = t.front.feed.onCall((event) => calls.push(event));
    const stream = await t.appFetch('/api/stream');
    const reader = stream.body!.getReader();
    let streamed = '';
    const reading = (async () => {
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done) return;
        streamed += Buffer.from(value!).toString('utf8');
      }
    })();

    const missed = spec(false);
    expect((await t.post(envelope([startNotification(missed)]))).status).toBe(200);
    expect((await t.post(envelope([preprocessedNotification(missed), processedNotification(missed)]))).status).toBe(200);
    await until('counted', () => t.front.openFollowUps() === before + 1);
    expect(followUps.at(-1)?.open).toBe(before + 1);
    expect(calls.some((e) => e.call.callerNumber === missed.callerNumber && e.alert !== null)).toBe(true);
    await until('streamed', () => streamed.includes(`"callerNumber":"${missed.callerNumber}"`));
    expect(streamed).toMatch(/event: call\n/);
    await reader.cancel();
    await reading;
    offFollowUps();
    offCalls();
  });

  it('keeps each refusal its status across the thread', async () => {
    expect((await t.appFetch('/api/calls/999999')).status).toBe(404);
    expect((await t.appFetch('/api/calls?limit=lots')).status).toBe(400);
    const answered = spec(true);
    expect((await t.post(envelope([startNotification(answered)]))).status).toBe(200);
    expect((await t.post(envelope([preprocessedNotification(answered), processedNotification(answered)]))).status).toBe(200);
    const { calls } = await t.api<ListCallsResponse>(`/api/calls?q=${answered.callerNumber}`);
    const res = await t.appFetch(`/api/calls/${calls[0]!.id}/follow-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'done' }),
    });
    expect(res.status).toBe(409);
  });

  it('pushes a tunnel settings change as one change: never the stopped-in-between state without a URL', async () => {
    const forward = (port: number) => ({ provider: 'manual', manualUrl: `http://127.0.0.1:${port}` });
    const webhookPort = Number(new URL(t.front.webhookUrl).port);
    expect((await put('/api/tunnel/settings', forward(webhookPort))).status).toBe(200);
    await until('online', () => t.front.tunnel.status().state === 'online', 10_000);
    const seen: { state: string; url: string | null }[] = [];
    const stop = t.front.tunnel.onChange((s) => seen.push({ state: s.state, url: s.publicWebhookUrl }));
    // The same listener behind another address (a second port forward in front of the app).
    const res = await put('/api/tunnel/settings', { ...forward(webhookPort), manualUrl: `http://localhost:${webhookPort}` });
    expect(res.status).toBe(200);
    await until('online again', () => t.front.tunnel.status().state === 'online', 10_000);
    stop();
    // A window draws each push: one without a URL would drop the banner a confirmation is waiting in.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => s.url === null)).toEqual([]);
    expect(seen.at(-1)).toEqual({ state: 'online', url: `http://localhost:${webhookPort}${t.front.webhookPath}` });
    expect((await put('/api/tunnel/settings', { provider: 'none' })).status).toBe(200);
  }, 30_000);

  it('streams the CSV export chunk by chunk from the worker', async () => {
    for (let i = 0; i < 450; i++) expect((await t.post(envelope([startNotification(spec(true))]))).status).toBe(200);
    const res = await t.appFetch('/api/calls.csv?tz=UTC');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const reader = res.body!.getReader();
    let reads = 0;
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      reads++;
      text += Buffer.from(value).toString('utf8');
    }
    const health = await t.api<{ calls: number }>('/api/health');
    expect(text.trim().split('\n').length).toBe(health.calls + 1);
    expect(reads).toBeGreaterThan(2);
  }, 60_000);
});
