// The ngrok provider with the real SDK, dialling loopback stand-ins for ngrok's service (serverAddr):
// a closed port, a server that hangs up, and one that accepts and never answers. No test reaches ngrok.

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TunnelState, TunnelStatus } from '../../shared/api';
import { NgrokProvider } from '../../electron/core/tunnel/ngrokProvider';
import { TunnelError } from '../../electron/core/tunnel/provider';
import { startTestCore, type TestCore } from '../support/core';

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((r) => server.close(r));
  return port;
}

function waitForState(core: TestCore, state: TunnelState, timeoutMs = 10_000): Promise<TunnelStatus> {
  return new Promise((resolve, reject) => {
    const now = core.tunnel.status();
    if (now.state === state) return resolve(now);
    const timer = setTimeout(() => reject(new Error(`No "${state}" within ${timeoutMs} ms: ${JSON.stringify(core.tunnel.status())}`)), timeoutMs);
    const unsubscribe = core.tunnel.onChange((status) => {
      if (status.state !== state) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(status);
    });
  });
}

const ngrok = { provider: 'ngrok', ngrokAuthtoken: 'stand-in-authtoken', ngrokDomain: 'acme-hooks.ngrok-free.dev' } as const;

let core: TestCore | null = null;
const servers: net.Server[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  await core?.stop();
  core = null;
  // Hanging up lets the SDK's abandoned connect attempt (it cannot be cancelled) finish.
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('ngrok provider against loopback stand-ins', () => {
  it('a closed port fails fast with a reason a person understands, and retries with backoff', async () => {
    const port = await closedPort();
    const started = performance.now();
    core = await startTestCore({ tunnel: { settings: ngrok, ngrokServerAddr: `127.0.0.1:${port}` } });
    const status = await waitForState(core, 'reconnecting');
    const ms = Math.round(performance.now() - started);
    expect(status.errorCode).toBe('no-internet');
    expect(status.error).toMatch(/^Cannot reach ngrok: check the internet connection or firewall/);
    expect(status.attempt).toBe(1);
    expect(Date.parse(status.nextAttemptAt!) - Date.now()).toBeGreaterThan(0);
    expect(status.urlStable).toBe(true);
    // The provider alone, module already loaded: how long the failed attempt itself takes.
    const attemptStarted = performance.now();
    const error = await new NgrokProvider({ authtoken: 'stand-in-authtoken', domain: null, serverAddr: `127.0.0.1:${port}` })
      .open({ host: '127.0.0.1', port: core.webhookPort }, { down: () => undefined, up: () => undefined }, new AbortController().signal)
      .then(
        () => null,
        (e: unknown) => e,
      );
    const attemptMs = Math.round(performance.now() - attemptStarted);
    expect(error).toBeInstanceOf(TunnelError);
    expect((error as TunnelError).problem.code).toBe('no-internet');
    // Fast: nothing like the 20 s connect timeout (a refused connection is answered at once; the margin is for a loaded CI machine).
    expect(attemptMs).toBeLessThan(2000);
    console.log(`ngrok closed port: reconnecting with a reason ${ms} ms after core start; one attempt fails in ${attemptMs} ms`);
  });

  it('a server that hangs up during the handshake is reported, not retried in a tight loop', async () => {
    const server = net.createServer((socket) => socket.destroy());
    servers.push(server);
    const port = await listen(server);
    let connections = 0;
    server.on('connection', () => connections++);
    core = await startTestCore({ tunnel: { settings: ngrok, ngrokServerAddr: `127.0.0.1:${port}` } });
    const status = await waitForState(core, 'reconnecting');
    expect(status.error).toMatch(/tls handshake/);
    await new Promise((r) => setTimeout(r, 1500));
    // Backoff: 0.5–1 s, then 1–2 s: at most three attempts in 1.5 s, however fast they fail.
    expect(connections).toBeLessThanOrEqual(3);
  });

  it('a silent server is a connect timeout, not a hang, and stopping does not wait for the SDK', async () => {
    const server = net.createServer((socket) => sockets.push(socket));
    servers.push(server);
    const port = await listen(server);
    const started = performance.now();
    core = await startTestCore({ tunnel: { settings: ngrok, ngrokServerAddr: `127.0.0.1:${port}`, supervisor: { connectTimeoutMs: 800 } } });
    const status = await waitForState(core, 'reconnecting');
    const ms = Math.round(performance.now() - started);
    expect(status.errorCode).toBe('timeout');
    expect(status.error).toBe('No answer from ngrok within 1 s: its service may be unreachable from this network.');
    expect(ms).toBeGreaterThanOrEqual(800);
    expect(ms).toBeLessThan(3000);
    const stopping = performance.now();
    await core.stop();
    core = null;
    const stopMs = Math.round(performance.now() - stopping);
    expect(stopMs).toBeLessThan(1000);
    console.log(`ngrok silent server: timeout after ${ms} ms (limit 800 ms), stop took ${stopMs} ms`);
  });

  it('without an authtoken it fails at once and does not retry', async () => {
    core = await startTestCore({ tunnel: { settings: { provider: 'ngrok' } } });
    const status = await waitForState(core, 'failed');
    expect(status).toMatchObject({ errorCode: 'missing-token', nextAttemptAt: null });
    expect(status.error).toMatch(/authtoken/);
    expect(status.settings.ngrokAuthtokenSet).toBe(false);
  });

  it('keeps the authtoken out of the database and out of the API', async () => {
    const port = await closedPort();
    core = await startTestCore({ tunnel: { settings: ngrok, ngrokServerAddr: `127.0.0.1:${port}` } });
    const status = await core.api<TunnelStatus>('/api/tunnel');
    expect(status.settings).toMatchObject({ provider: 'ngrok', ngrokDomain: 'acme-hooks.ngrok-free.dev', ngrokAuthtokenSet: true });
    expect(JSON.stringify(status)).not.toContain('stand-in-authtoken');
    expect(JSON.stringify(core.store.getSetting('tunnel'))).not.toContain('stand-in-authtoken');
    expect(core.secrets.get('ngrokAuthtoken')).toBe('stand-in-authtoken');
    // Headless mode keeps secrets in a file only this user can read.
    expect(fs.statSync(path.join(core.dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });
});
