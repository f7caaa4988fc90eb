// The manual provider and the tunnel API end to end on one real core: the "public URL" is the webhook
// listener's own loopback address (what a port forward would lead to), so every self-test and test call
// really travels over HTTP into the listener, the database and the change feed.

import { afterEach, describe, expect, it } from 'vitest';
import type { TestCallResult, TestCallsResponse, TunnelCheck, TunnelStatus } from '../../shared/api';
import { TEST_CALLER_NAME } from '../../shared/tunnel/testCall';
import { startTestCore, type TestCore } from '../support/core';

let core: TestCore | null = null;
afterEach(async () => {
  await core?.stop();
  core = null;
});

async function call<T>(c: TestCore, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await c.appFetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function waitFor(c: TestCore, predicate: (s: TunnelStatus) => boolean, timeoutMs = 10_000): Promise<TunnelStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await c.api<TunnelStatus>('/api/tunnel');
    if (predicate(status)) return status;
    if (Date.now() > deadline) throw new Error(`Tunnel status never matched: ${JSON.stringify(status)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('manual public URL', () => {
  it('is off by default and reports it', async () => {
    core = await startTestCore();
    const status = await core.api<TunnelStatus>('/api/tunnel');
    expect(status).toMatchObject({ provider: 'none', state: 'off', url: null, publicWebhookUrl: null, urlChanged: false, error: null });
    const check = await call<TunnelCheck>(core, 'POST', '/api/tunnel/check');
    expect(check.body.ok).toBe(false);
  });

  it('comes online once the self-test reaches the app, then confirms the URL and sends a test call', async () => {
    core = await startTestCore();
    const base = core.webhookUrl.replace(/\/hooks\/.*$/, '');
    const started = Date.now();
    const put = await call<TunnelStatus>(core, 'PUT', '/api/tunnel/settings', { provider: 'manual', manualUrl: `${base}/` });
    expect(put.status).toBe(200);
    const online = await waitFor(core, (s) => s.state === 'online');
    console.log(`manual: online ${Date.now() - started} ms after the settings change (self-test ${online.lastCheck?.ms} ms)`);
    expect(online.url).toBe(base);
    expect(online.publicWebhookUrl).toBe(core.webhookUrl);
    expect(online.lastCheck).toMatchObject({ ok: true, error: null });
    expect(online.urlChanged).toBe(true);

    const stale = await call<{ error: string }>(core, 'POST', '/api/tunnel/confirm-url', { url: `${base}/hooks/old` });
    expect(stale.status).toBe(409);
    const confirmed = await call<TunnelStatus>(core, 'POST', '/api/tunnel/confirm-url', { url: online.publicWebhookUrl });
    expect(confirmed.body).toMatchObject({ urlChanged: false, confirmedUrl: core.webhookUrl });

    // A new token changes the public webhook URL: the warning comes back.
    core.regenerateWebhookToken();
    expect((await core.api<TunnelStatus>('/api/tunnel')).urlChanged).toBe(true);

    const test = await call<TestCallResult>(core, 'POST', '/api/tunnel/test-call');
    expect(test.body).toMatchObject({ ok: true, status: 200, alerted: true, error: null });
    const detail = await core.api<{ call: { callerName: string } }>(`/api/calls/${test.body.callId}`);
    expect(detail.call.callerName).toBe(TEST_CALLER_NAME);
    expect((await core.api<TestCallsResponse>('/api/tunnel/test-calls')).callIds).toEqual([test.body.callId]);

    const hidden = await call<TestCallsResponse>(core, 'PUT', '/api/tunnel/test-calls', { hidden: true });
    expect(hidden.body.hidden).toBe(true);
    expect((await core.api<{ calls: unknown[] }>('/api/calls')).calls).toHaveLength(0);
    await call(core, 'PUT', '/api/tunnel/test-calls', { hidden: false });
    expect((await core.api<{ calls: unknown[] }>('/api/calls')).calls).toHaveLength(1);

    const deleted = await call<{ deleted: number }>(core, 'DELETE', '/api/tunnel/test-calls');
    expect(deleted.body.deleted).toBe(1);
    expect(core.store.countCalls()).toBe(0);
    expect(core.store.listDeliveries(10)).toHaveLength(0);
  });

  it('a test call passes signature enforcement, as signed vendor deliveries do', async () => {
    core = await startTestCore({ webhookSecret: 'shared-secret', signatureMode: 'enforce' });
    const base = core.webhookUrl.replace(/\/hooks\/.*$/, '');
    await call(core, 'PUT', '/api/tunnel/settings', { provider: 'manual', manualUrl: base });
    await waitFor(core, (s) => s.state === 'online');
    const test = await call<TestCallResult>(core, 'POST', '/api/tunnel/test-call');
    expect(test.body).toMatchObject({ ok: true, alerted: true });
    expect(core.store.listDeliveries(1)[0]?.signature).toBe('valid');
  });

  it('a URL that does not lead to the app is never online, and says why', async () => {
    core = await startTestCore({ tunnel: { supervisor: { verifyDelaysMs: [0, 50] } } });
    // The app listener is not the webhook listener: it answers, but not the echo.
    await call(core, 'PUT', '/api/tunnel/settings', { provider: 'manual', manualUrl: core.appUrl });
    const status = await waitFor(core, (s) => s.state === 'reconnecting');
    expect(status.errorCode).toBe('self-test-failed');
    expect(status.error).toMatch(/do not reach this app/);
    expect(status.nextAttemptAt).not.toBeNull();
    const test = await call<TestCallResult>(core, 'POST', '/api/tunnel/test-call');
    expect(test.body).toMatchObject({ ok: false });
  });

  it('refuses bad settings with the reason', async () => {
    core = await startTestCore();
    const res = await call<{ error: string }>(core, 'PUT', '/api/tunnel/settings', { provider: 'manual', manualUrl: 'ftp://x' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/manualUrl/);
    const unknown = await call<{ error: string }>(core, 'PUT', '/api/tunnel/settings', { provider: 'carrier-pigeon' });
    expect(unknown.status).toBe(400);
  });
});
