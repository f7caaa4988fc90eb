// The app listener's own key: another program on this PC, without it, can only ask whether the app is well;
// with it (the cookie the App URL sets, or a Bearer header) everything works. Over real HTTP to a real
// headless process on a real SQLite file. And no program path over HTTP; no secret as a flag unwarned.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretFlagWarnings } from '../../electron/headless';
import type { TunnelStatus } from '../../shared/api';
import { OPERATIONS, OPERATION_NAMES, type OperationName } from '../../shared/contract/operations';
import { validRequest } from '../../shared/contract/requests';
import { startTestCore, tempDir } from '../support/core';
import { spawnHeadless, type HeadlessServer } from '../support/headless';
import { loadSeeds } from '../support/seeds';

const dataDir = tempDir();
let server: HeadlessServer;
let base: string;
beforeAll(async () => {
  server = await spawnHeadless(['--data-dir', dataDir, '--webhook-port', '0', '--app-port', '0']);
  base = new URL(server.appUrl).origin;
  const res = await fetch(server.webhookUrl, { method: 'POST', body: loadSeeds().start.body, headers: { 'content-type': 'application/json' } });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Route {
  name: string;
  method: string;
  path: string;
  body: string | undefined;
}

/** Every route of the contract, with a request each would accept, as another program would send it. */
const ROUTES: Route[] = OPERATION_NAMES.flatMap((name) => {
  const http = OPERATIONS[name].http;
  if (!http) return [];
  const body = http.method === 'GET' || http.method === 'DELETE' ? undefined : http.path.endsWith('test-calls') ? '{"hidden":true}' : '{}';
  return [{ name, method: http.method, path: http.path.replace(':id', '1').replace(':number', '9055802958'), body }];
});

function send(route: Route, headers: Record<string, string> = {}) {
  return fetch(`${base}${route.path}`, {
    method: route.method,
    headers: { ...(route.body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: route.body,
    redirect: 'manual',
  });
}

describe('the app listener without the key', () => {
  it('answers 401 with a clear error on every /api route but health, and changes nothing', async () => {
    const notRefused: string[] = [];
    const wrongKeys: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-the-key-0123456789abcdef' },
      { cookie: `call-alerts-key-${new URL(base).port}=wrong` },
    ];
    const extra: Route[] = [
      { name: 'stream', method: 'GET', path: '/api/stream', body: undefined },
      { name: 'unknown', method: 'GET', path: '/api/nothing', body: undefined },
    ];
    for (const route of [...ROUTES, ...extra].filter((r) => r.name !== 'health')) {
      for (const headers of wrongKeys) {
        const res = await send(route, headers);
        const error = res.status === 401 ? ((await res.json()) as { error: string }).error : '';
        if (!error.includes("the app's key")) notRefused.push(`${route.method} ${route.path} ${JSON.stringify(headers)} → ${res.status}`);
      }
    }
    expect(notRefused).toEqual([]);
    // The regenerate-token call above did not happen: the webhook URL still delivers (a second call).
    const again = await fetch(server.webhookUrl, {
      method: 'POST',
      body: loadSeeds().preprocessed.body,
      headers: { 'content-type': 'application/json' },
    });
    expect(again.status).toBe(200);
  });

  it('health says only whether the app is well and its version', async () => {
    const res = await fetch(`${base}/api/health`);
    expect(res.status).toBe(200);
    const health = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(health).sort()).toEqual(['ok', 'version']);
    expect(health.ok).toBe(true);
  });

  it('shows a page saying to open the App URL with its key instead of the window', async () => {
    for (const [url, lead] of [
      [`${base}/`, 'does not have the app’s key yet'],
      [`${base}/#/calls`, 'does not have the app’s key yet'],
      [`${base}/?key=not-the-key-0123456789abcdef`, 'is not this app’s key'],
    ] as const) {
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status, url).toBe(401);
      expect(res.headers.get('set-cookie'), url).toBeNull();
      const page = await res.text();
      expect(page, url).toContain(lead);
      expect(page, url).toContain('Open the App URL printed at start, with its key');
      expect(page, url).not.toContain(server.appKey);
    }
  });
});

describe('the app listener with the key', () => {
  it('every route works with Authorization: Bearer, and health then counts the calls', async () => {
    const auth = { authorization: `Bearer ${server.appKey}` };
    for (const route of ROUTES.filter((r) => r.method === 'GET')) {
      const res = await send(route, auth);
      expect([200, 404], `${route.path}`).toContain(res.status);
      // Only an operation that can answer "not found" may (its sample id need not exist).
      if (!('notFound' in OPERATIONS[route.name as OperationName])) expect(res.status, route.path).toBe(200);
    }
    const listed = ((await (await server.appFetch('/api/calls?limit=200')).json()) as { calls: unknown[] }).calls.length;
    expect(listed).toBeGreaterThan(0);
    expect(await (await server.appFetch('/api/health')).json()).toMatchObject({ ok: true, calls: listed });
  });

  it('the App URL sets an HttpOnly SameSite=Strict cookie and sends the browser on without the key in the address', async () => {
    expect(server.appUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?key=[A-Za-z0-9_-]{32,}$/);
    const res = await fetch(server.appUrl, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie')!;
    const attributes = cookie.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=strict');
    expect(attributes).toContain('path=/');
    const pair = cookie.split(';')[0]!;
    expect((await fetch(`${base}/api/calls`, { headers: { cookie: pair } })).status).toBe(200);
    expect((await fetch(`${base}/`, { headers: { cookie: pair } })).status).toBe(200);
    const stream = new AbortController();
    const live = await fetch(`${base}/api/stream`, { headers: { cookie: pair }, signal: stream.signal });
    expect(live.status).toBe(200);
    stream.abort();
  });

  it('keeps the key in the data folder for this user only, prints it once, and never answers with it', async () => {
    const file = path.join(dataDir, 'app-key');
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(server.appKey);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(server.output().split(server.appKey)).toHaveLength(2);
    expect(server.output()).toMatch(new RegExp(`^App URL: http://127\\.0\\.0\\.1:\\d+/\\?key=${server.appKey}$`, 'm'));
    for (const route of ROUTES.filter((r) => r.method === 'GET' && r.name !== 'exportCsv')) {
      expect(await (await send(route, { authorization: `Bearer ${server.appKey}` })).text(), route.path).not.toContain(server.appKey);
    }
  });
});

describe('a program path', () => {
  it('is refused over HTTP with what to do instead, even with the key; nothing is saved', async () => {
    const res = await server.appFetch('/api/tunnel/settings', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'cloudflared', cloudflaredPath: '/bin/sh' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'cloudflaredPath: not accepted over HTTP; set the cloudflared program with --cloudflared-path or CLOUDFLARED_PATH',
    });
    const status = (await (await server.appFetch('/api/tunnel')).json()) as TunnelStatus;
    expect(status.settings).toMatchObject({ provider: 'none', cloudflaredPath: null });
  });

  it('is still taken from the desktop app, whose IPC calls the core handler directly', async () => {
    const core = await startTestCore();
    try {
      const request = validRequest('updateTunnelSettings', { provider: 'cloudflared', cloudflaredPath: '/nonexistent/cloudflared' });
      const status = await core.handlers.updateTunnelSettings(request);
      expect(status.settings).toMatchObject({ provider: 'cloudflared', cloudflaredPath: '/nonexistent/cloudflared' });
    } finally {
      await core.stop();
    }
  });
});

describe('secrets given as flags', () => {
  it('are warned about, naming the environment variable to use instead; from the environment they are not', async () => {
    const dir = tempDir();
    try {
      const secret = 's'.repeat(32);
      const flagged = await spawnHeadless(['--data-dir', dir, '--webhook-port', '0', '--app-port', '0', '--webhook-secret', secret]);
      expect(await flagged.stop()).toBe(0);
      expect(flagged.output()).toContain(
        'Warning: --webhook-secret can be read by every user of this computer in the process list; set CALL_ALERTS_WEBHOOK_SECRET in the environment instead.',
      );
      const fromEnv = await spawnHeadless(['--data-dir', dir, '--webhook-port', '0', '--app-port', '0'], 20_000, {
        ...process.env,
        CALL_ALERTS_WEBHOOK_SECRET: secret,
      });
      await expect.poll(() => fromEnv.output(), { timeout: 5000 }).toContain('Signature check: report');
      expect(await fromEnv.stop()).toBe(0);
      expect(fromEnv.output()).not.toContain('process list');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('each of the three secrets, in either form of the flag', () => {
    const warned = (argv: string[]) => secretFlagWarnings(argv).map((w) => /set (\w+) in the environment/.exec(w)![1]);
    expect(warned(['--ngrok-authtoken', 't', '--cloudflared-token=c', '--webhook-secret', 's'])).toEqual([
      'CALL_ALERTS_WEBHOOK_SECRET',
      'NGROK_AUTHTOKEN',
      'TUNNEL_TOKEN',
    ]);
    // An empty value removes the secret: nothing to see in the process list.
    expect(warned(['--webhook-secret', '', '--cloudflared-token=', '--tunnel', 'ngrok'])).toEqual([]);
  });
});
