// The supervisor's rules with a stand-in tunnel service: a loopback forwarder plays the public side of a
// tunnel (it can be broken and mended), a scripted provider hands out links to it and reports drops as a
// real SDK would. Everything behind it is the real core: webhook listener, database.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TunnelState } from '../../shared/api';
import { tunnelProblem } from '../../shared/tunnel/problems';
import type { LinkEvents, TunnelLink, TunnelProvider, TunnelTarget } from '../../electron/core/tunnel/provider';
import { TunnelSupervisor, type SupervisorOptions, type SupervisorSnapshot } from '../../electron/core/tunnel/supervisor';
import { WakeDetector } from '../../electron/core/tunnel/wakeDetector';
import { startTestCore, type TestCore } from '../support/core';

/** Stands in for a tunnel service's public side: forwards to the webhook listener unless broken. */
async function startForwarder(targetPort: number) {
  const state = { broken: false };
  const server = http.createServer((req, res) => {
    if (state.broken) {
      res.writeHead(502).end('tunnel service: bad gateway');
      return;
    }
    const upstream = http.request(
      { host: '127.0.0.1', port: targetPort, path: req.url, method: req.method, headers: req.headers, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
}

/** A provider scripted by the test: it opens links to the forwarder and exposes the events of the last one. */
class ScriptedProvider implements TunnelProvider {
  readonly kind = 'manual' as const;
  readonly stableUrl = true;
  readonly caveat = null;
  opens = 0;
  closes = 0;
  events: LinkEvents | null = null;
  constructor(private readonly url: string) {}
  async open(_target: TunnelTarget, events: LinkEvents): Promise<TunnelLink> {
    this.opens++;
    this.events = events;
    return { url: this.url, close: async () => void this.closes++ };
  }
}

let core: TestCore | null = null;
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
  await core?.stop();
  core = null;
});

async function setup(options: Partial<SupervisorOptions> = {}) {
  core = await startTestCore();
  const c = core;
  const forwarder = await startForwarder(c.webhookPort);
  cleanup.push(forwarder.close);
  const provider = new ScriptedProvider(forwarder.url);
  let changed: () => void = () => undefined;
  const supervisor = new TunnelSupervisor({
    provider,
    target: { host: '127.0.0.1', port: c.webhookPort },
    webhookPath: () => c.webhookPath,
    verifyDelaysMs: [0, 50],
    onChange: () => changed(),
    ...options,
  });
  cleanup.push(() => supervisor.stop());
  const until = (state: TunnelState, timeoutMs = 5000) =>
    new Promise<SupervisorSnapshot>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No "${state}": ${JSON.stringify(supervisor.snapshot())}`)), timeoutMs);
      const check = () => {
        if (supervisor.snapshot().state !== state) return;
        clearTimeout(timer);
        changed = () => undefined;
        resolve(supervisor.snapshot());
      };
      changed = check;
      check();
    });
  return { forwarder, provider, supervisor, until };
}

describe('tunnel supervisor', () => {
  it('a drop the provider heals itself: reconnecting, then online again on the same link after a self-test', async () => {
    const { provider, supervisor, until } = await setup();
    supervisor.start();
    await until('online');
    provider.events!.down(tunnelProblem('no-internet', 'Lost the connection.'), true);
    expect(supervisor.snapshot()).toMatchObject({ state: 'reconnecting', problem: { code: 'no-internet' } });
    provider.events!.up();
    const back = await until('online');
    expect(back.lastCheck?.ok).toBe(true);
    expect(provider.opens).toBe(1);
    expect(provider.closes).toBe(0);
  });

  it('a heal that takes too long is given up: the link is replaced', async () => {
    const { provider, supervisor, until } = await setup({ healingDeadlineMs: 100 });
    supervisor.start();
    await until('online');
    provider.events!.down(tunnelProblem('no-internet', 'Lost the connection.'), true);
    await new Promise((r) => setTimeout(r, 150));
    expect(provider.closes).toBe(1);
    await until('online');
    expect(provider.opens).toBe(2);
  });

  it('two failed self-tests in a row while online replace the link; mended, it comes back', async () => {
    const { forwarder, provider, supervisor, until } = await setup({ checkIntervalMs: 100, recheckDelayMs: 50 });
    supervisor.start();
    await until('online');
    forwarder.state.broken = true;
    const broken = performance.now();
    const down = await until('reconnecting');
    const detectedMs = Math.round(performance.now() - broken);
    expect(down.problem?.code).toBe('self-test-failed');
    expect(down.problem?.reason).toContain('answered 502');
    expect(down.lastCheck).toMatchObject({ ok: false });
    expect(provider.closes).toBe(1);
    forwarder.state.broken = false;
    await until('online', 10_000);
    console.log(`supervisor: a silently dead link detected in ${detectedMs} ms (check every 100 ms, recheck 50 ms)`);
  });

  it('a link that never passes its first self-test is not called online', async () => {
    const { forwarder, supervisor, until } = await setup();
    forwarder.state.broken = true;
    supervisor.start();
    const status = await until('reconnecting');
    expect(status.problem?.code).toBe('self-test-failed');
    expect(status.problem?.reason).toMatch(/^The tunnel opened at http:\/\/127\.0\.0\.1:\d+, but test requests through it do not reach this app/);
    expect(status.attempt).toBe(1);
  });

  it('on demand checks answer through the public side', async () => {
    const { forwarder, supervisor, until } = await setup();
    supervisor.start();
    await until('online');
    expect(await supervisor.checkNow()).toMatchObject({ ok: true, error: null });
    forwarder.state.broken = true;
    expect(await supervisor.checkNow()).toMatchObject({ ok: false, error: 'The public URL answered 502: the tunnel could not reach this app.' });
    expect(supervisor.snapshot().state).toBe('online');
  });

  it('wake from sleep: a new link at once (debounced), also out of failed', async () => {
    const { provider, supervisor, until } = await setup();
    supervisor.start();
    await until('online');
    supervisor.resume();
    supervisor.resume();
    await until('online');
    expect(provider.opens).toBe(2);
    expect(provider.closes).toBe(1);
    provider.events!.down(tunnelProblem('bad-token', 'Refused.', 0), false);
    expect(supervisor.snapshot().state).toBe('failed');
    supervisor.restart();
    await until('online');
    expect(provider.opens).toBe(3);
  });

  it('stop leaves nothing: no timer fires, no link is opened afterwards', async () => {
    const { forwarder, provider, supervisor, until } = await setup({ checkIntervalMs: 50 });
    forwarder.state.broken = true;
    supervisor.start();
    await until('reconnecting');
    await supervisor.stop();
    const opens = provider.opens;
    await new Promise((r) => setTimeout(r, 1500));
    expect(provider.opens).toBe(opens);
    expect(supervisor.snapshot()).toMatchObject({ state: 'off', url: null, nextAttemptAt: null });
  });
});

describe('wake detector', () => {
  it('a timer that fires far later than asked means the computer slept', async () => {
    let clock = 0;
    let wakes = 0;
    const detector = new WakeDetector(
      () => wakes++,
      20,
      () => clock,
    );
    detector.start();
    clock += 20;
    await new Promise((r) => setTimeout(r, 30));
    expect(wakes).toBe(0);
    clock += 3_600_000;
    await new Promise((r) => setTimeout(r, 30));
    expect(wakes).toBe(1);
    detector.stop();
  });
});
