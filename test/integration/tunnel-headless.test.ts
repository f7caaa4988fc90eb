// `npm run serve -- --tunnel …`: the flags reach the tunnel, the console shows the public URL and its state,
// and the process stops cleanly even while a tunnel is retrying.

import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TunnelStatus } from '../../shared/api';
import { parseServeArgs, tunnelLine } from '../../electron/headless';
import { tempDir } from '../support/core';
import { spawnHeadless, type HeadlessServer } from '../support/headless';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function outputMatching(server: HeadlessServer, pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(server.output());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`Never printed ${pattern}:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let server: HeadlessServer | null = null;
afterEach(async () => {
  if (server && server.process.exitCode === null) await server.kill();
  server = null;
});

describe('headless tunnel flags', () => {
  it('reads the provider, its options and tokens (tokens from the environment only for the chosen provider)', () => {
    const env = { NGROK_AUTHTOKEN: 'env-token', TUNNEL_TOKEN: 'cf-env-token' };
    expect(parseServeArgs(['--tunnel', 'ngrok', '--ngrok-domain', 'Acme.ngrok-free.dev'], env)).toMatchObject({
      tunnel: { settings: { provider: 'ngrok', ngrokDomain: 'acme.ngrok-free.dev', ngrokAuthtoken: 'env-token' } },
    });
    expect(parseServeArgs(['--tunnel', 'ngrok', '--ngrok-authtoken', 'flag-token'], env)).toMatchObject({
      tunnel: { settings: { ngrokAuthtoken: 'flag-token' } },
    });
    expect(parseServeArgs(['--tunnel', 'cloudflared'], env)).toMatchObject({
      tunnel: { settings: { provider: 'cloudflared', cloudflaredToken: 'cf-env-token' } },
    });
    expect(parseServeArgs([], env)).toMatchObject({ tunnel: undefined });
    expect(
      parseServeArgs(['--tunnel', 'localtunnel', '--localtunnel-host', 'https://relay.example.com', '--localtunnel-subdomain', 'acme-hooks'], {}),
    ).toMatchObject({
      tunnel: { settings: { provider: 'localtunnel', localtunnelHost: 'https://relay.example.com', localtunnelSubdomain: 'acme-hooks' } },
    });
    expect(() => parseServeArgs(['--tunnel', 'pigeon'])).toThrow(/^--tunnel: /);
    expect(() => parseServeArgs(['--public-url', 'ftp://x'])).toThrow('--public-url: must be an http(s) address');
    expect(() => parseServeArgs(['--ngrok-domain', 'not a domain'])).toThrow(/^--ngrok-domain: /);
  });

  it('prints the state in words', () => {
    const base = { provider: 'ngrok', publicWebhookUrl: null, caveat: null, error: null, nextAttemptAt: null } as const;
    expect(tunnelLine({ ...base, provider: 'none' } as unknown as TunnelStatus)).toMatch(
      /^Public URL: not set up yet — open the App URL and follow Setup → Public URL/,
    );
    expect(tunnelLine({ ...base, state: 'online', publicWebhookUrl: 'https://a.ngrok-free.dev/hooks/T' } as unknown as TunnelStatus)).toBe(
      'Public URL (ngrok, online): https://a.ngrok-free.dev/hooks/T',
    );
    expect(tunnelLine({ ...base, state: 'failed', error: 'ngrok refused the authtoken.' } as unknown as TunnelStatus)).toBe(
      'Public URL (ngrok, failed): — ngrok refused the authtoken.',
    );
    const unverified = 'This PC cannot reach its own public address (name not resolved); Marketing Edge may still reach it.';
    expect(tunnelLine({ ...base, state: 'online', unverifiedReason: unverified } as unknown as TunnelStatus)).toBe(
      `Public URL (ngrok, online): — ${unverified}`,
    );
  });

  it('--tunnel manual: online once the public URL reaches the listener, with the Marketing Edge reminder', async () => {
    const webhookPort = await freePort();
    server = await spawnHeadless([
      '--data-dir',
      tempDir(),
      '--webhook-port',
      String(webhookPort),
      '--app-port',
      '0',
      '--tunnel',
      'manual',
      '--public-url',
      `http://127.0.0.1:${webhookPort}`,
    ]);
    const [, url] = await outputMatching(server, /Public URL \(manual, online\): (\S+)/);
    expect(url).toBe(server.webhookUrl);
    await outputMatching(server, /Update the webhook URL in Marketing Edge to \S+/);
    const status = (await (await server.appFetch('/api/tunnel')).json()) as TunnelStatus;
    expect(status).toMatchObject({ provider: 'manual', state: 'online', publicWebhookUrl: server.webhookUrl, urlChanged: true });
    expect(await server.stop()).toBe(0);
  });

  it('a tunnel retrying in the background does not hold up a stop', async () => {
    const deadPort = await freePort();
    server = await spawnHeadless([
      '--data-dir',
      tempDir(),
      '--webhook-port',
      '0',
      '--app-port',
      '0',
      '--tunnel',
      'localtunnel',
      '--localtunnel-host',
      `http://127.0.0.1:${deadPort}`,
      '--localtunnel-subdomain',
      'acme-hooks',
    ]);
    await outputMatching(server, /Public URL \(localtunnel, reconnecting\): .*Cannot reach the localtunnel relay/);
    const stopping = performance.now();
    expect(await server.stop()).toBe(0);
    const ms = Math.round(performance.now() - stopping);
    expect(ms).toBeLessThan(3000);
    console.log(`headless: stopped in ${ms} ms while localtunnel was retrying`);
  });
});
