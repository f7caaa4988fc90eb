// A tunnel whose public name this PC cannot resolve (an office DNS filter, a router without hairpin NAT) stays
// up: the real localtunnel relay hands out https://<id>.example.invalid names (".invalid" never resolves,
// RFC 6761), deliveries reach the relay's loopback port as the vendor's would, and every self-test from this
// PC fails with Node's real ENOTFOUND. Timers are shortened so an hour of retests passes in seconds.

import { afterEach, describe, expect, it } from 'vitest';
import type { TunnelState, TunnelStatus } from '../../shared/api';
import { retestDelay } from '../../shared/tunnel/backoff';
import { LocaltunnelProvider } from '../../electron/core/tunnel/localtunnelProvider';
import type { LinkEvents, TunnelLink, TunnelProvider, TunnelTarget } from '../../electron/core/tunnel/provider';
import type { PublicRoute } from '../../electron/core/tunnel/publicHttp';
import { TunnelSupervisor, type SupervisorSnapshot } from '../../electron/core/tunnel/supervisor';
import { startTestCore, type TestCore } from '../support/core';
import { freePort, postThroughRelay, startRelay, type Relay } from '../support/localtunnelRelay';
import { loadSeeds } from '../support/seeds';

const SUBDOMAIN = 'acme-hooks';
const DOMAIN = 'example.invalid';
const UNRESOLVED =
  'This PC cannot reach its own public address (name not resolved); Marketing Edge may still reach it. Send a test call from Marketing Edge to be sure.';

/** The real localtunnel provider, counting how often the supervisor starts a link. */
class CountingProvider implements TunnelProvider {
  readonly kind = 'localtunnel' as const;
  readonly stableUrl = true;
  readonly caveat = null;
  opens = 0;
  private readonly inner: LocaltunnelProvider;
  constructor(relayPort: number) {
    this.inner = new LocaltunnelProvider({ host: `http://127.0.0.1:${relayPort}`, subdomain: SUBDOMAIN });
  }
  open(target: TunnelTarget, events: LinkEvents, signal: AbortSignal): Promise<TunnelLink> {
    this.opens++;
    return this.inner.open(target, events, signal);
  }
}

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function relayOn(port: number): Promise<Relay> {
  const relay = await startRelay(port, DOMAIN, true);
  cleanup.push(() => relay.stop());
  return relay;
}

async function core(options: Parameters<typeof startTestCore>[0] = {}): Promise<TestCore> {
  const c = await startTestCore(options);
  cleanup.push(() => c.stop());
  return c;
}

function until(supervisor: TunnelSupervisor, predicate: (s: SupervisorSnapshot) => boolean, timeoutMs = 10_000): Promise<SupervisorSnapshot> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      const snap = supervisor.snapshot();
      if (predicate(snap)) return resolve(snap);
      if (Date.now() > deadline) return reject(new Error(`Never matched: ${JSON.stringify(snap)}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

describe('a public URL this PC cannot reach', () => {
  it('keeps the link online and unverified while deliveries through the relay keep succeeding; no reconnect', async () => {
    const seeds = loadSeeds();
    const port = await freePort();
    await relayOn(port);
    const c = await core();
    const provider = new CountingProvider(port);
    // Off at first: this PC cannot resolve the name. Switched on later: the DNS filter is lifted.
    let reachable = false;
    const route: PublicRoute = (url) => (reachable && url.hostname.endsWith(`.${DOMAIN}`) ? { host: '127.0.0.1', port, protocol: 'http:' } : null);
    const states: TunnelState[] = [];
    const checks: { at: number; error: string | null }[] = [];
    let lastCheckAt: string | null = null;
    const recheckDelayMs = 25;
    const checkIntervalMs = 400;
    const supervisor: TunnelSupervisor = new TunnelSupervisor({
      provider,
      target: { host: '127.0.0.1', port: c.webhookPort },
      webhookPath: () => c.webhookPath,
      verifyDelaysMs: [0, 20],
      recheckDelayMs,
      checkIntervalMs,
      route,
      onChange: () => {
        const snap = supervisor.snapshot();
        if (states[states.length - 1] !== snap.state) states.push(snap.state);
        if (snap.lastCheck && snap.lastCheck.at !== lastCheckAt) {
          lastCheckAt = snap.lastCheck.at;
          checks.push({ at: performance.now(), error: snap.lastCheck.error });
        }
      },
    });
    cleanup.push(() => supervisor.stop());
    supervisor.start();
    const online = await until(supervisor, (s) => s.state === 'online');
    expect(online).toMatchObject({ url: `https://${SUBDOMAIN}.${DOMAIN}`, verified: false, unverifiedReason: UNRESOLVED, problem: null });
    expect(online.lastCheck).toMatchObject({ ok: false, error: UNRESOLVED });

    // The vendor's deliveries, every 100 ms, while the self-test keeps failing and backing off.
    const started = performance.now();
    const statuses: number[] = [];
    while (performance.now() - started < 3000) {
      const res = await postThroughRelay(port, `${SUBDOMAIN}.${DOMAIN}`, c.webhookPath, seeds.start.body);
      statuses.push(res.status);
      expect(supervisor.snapshot()).toMatchObject({ state: 'online', verified: false, unverifiedReason: UNRESOLVED });
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(c.store.listDeliveries(1000)).toHaveLength(statuses.length);
    expect(provider.opens).toBe(1);
    expect(states).toEqual(['starting', 'online']);
    // Retests back off: doubling from the recheck delay up to the normal period.
    const retests = checks.slice(2);
    const gaps = retests.slice(1).map((r, i) => r.at - retests[i]!.at);
    expect(retests.length).toBeGreaterThanOrEqual(8);
    expect(gaps[0]!).toBeLessThan(gaps[gaps.length - 1]!);
    expect(Math.max(...gaps)).toBeLessThan(checkIntervalMs + 200);
    expect(retests.every((r) => r.error === UNRESOLVED)).toBe(true);

    // The name resolves again: the next retest verifies the same link.
    reachable = true;
    const verified = await until(supervisor, (s) => s.verified, checkIntervalMs * 3);
    expect(verified).toMatchObject({ state: 'online', unverifiedReason: null, lastCheck: { ok: true, error: null } });
    expect(provider.opens).toBe(1);

    const atDefaults = Array.from({ length: retests.length }, (_, i) => retestDelay(i + 1, 5000, 15 * 60_000)).reduce((a, b) => a + b, 0);
    console.log(
      `unverified tunnel: ${statuses.length} deliveries through the relay all 200, ${retests.length} retests in ${Math.round(performance.now() - started)} ms ` +
        `(gaps ${gaps.map((g) => Math.round(g)).join('/')} ms), 1 link start; at the default timers those retests span ${Math.round(atDefaults / 60_000)} min`,
    );
  });

  it("the relay answering that it does not know the tunnel (localtunnel's 404) reconnects", async () => {
    const port = await freePort();
    await relayOn(port);
    // A second real relay that never saw this client: what a relay that forgot the tunnel answers.
    const stranger = await freePort();
    await relayOn(stranger);
    const c = await core();
    const provider = new CountingProvider(port);
    let relayFor = port;
    const supervisor = new TunnelSupervisor({
      provider,
      target: { host: '127.0.0.1', port: c.webhookPort },
      webhookPath: () => c.webhookPath,
      verifyDelaysMs: [0],
      checkIntervalMs: 100,
      route: () => ({ host: '127.0.0.1', port: relayFor, protocol: 'http:' }),
    });
    cleanup.push(() => supervisor.stop());
    supervisor.start();
    await until(supervisor, (s) => s.state === 'online' && s.verified);
    relayFor = stranger;
    const lost = await until(supervisor, (s) => s.state !== 'online');
    expect(lost.problem).toMatchObject({ code: 'relay-error', reason: expect.stringContaining('does not know this tunnel (404)') });
    expect(provider.opens).toBe(1);
    relayFor = port;
    await until(supervisor, (s) => s.state === 'online' && s.verified);
    // The relay holds the old subdomain for its 1 s grace period: the first attempt can find it taken.
    expect(provider.opens).toBeGreaterThanOrEqual(2);
  });

  it('the core reports it: a manual URL whose name does not resolve is online, unverified, with the reason', async () => {
    const c = await core({ tunnel: { supervisor: { verifyDelaysMs: [0], recheckDelayMs: 20, checkIntervalMs: 200 } } });
    const res = await c.appFetch('/api/tunnel/settings', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'manual', manualUrl: `https://hooks.${DOMAIN}` }),
    });
    expect(res.status).toBe(200);
    const deadline = Date.now() + 5000;
    let status = await c.api<TunnelStatus>('/api/tunnel');
    while (status.state !== 'online' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      status = await c.api<TunnelStatus>('/api/tunnel');
    }
    expect(status).toMatchObject({ state: 'online', verified: false, unverifiedReason: UNRESOLVED, error: null, attempt: 0 });
    // The port forward's far end, as the vendor reaches it: the webhook listener itself.
    const delivery = await c.post(loadSeeds().start.body);
    expect(delivery.status).toBe(200);
    await new Promise((r) => setTimeout(r, 600));
    expect(await c.api<TunnelStatus>('/api/tunnel')).toMatchObject({ state: 'online', verified: false, attempt: 0 });
  });
});
