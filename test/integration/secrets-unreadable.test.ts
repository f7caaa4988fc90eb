// Secrets the system key store will not give back (Keychain "Deny", a locked keyring) on a real core: it
// starts, receives and stores a real signed webhook over HTTP unchecked and says so in the delivery's
// record, the tunnel that needs a token says why it cannot start, and health (what the window reads) names
// what is affected and what to do, never a secret's value.

import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signatureOf } from '../../electron/core/ingest/signature';
import { SIGNATURE_NOT_CHECKED_NOTE } from '../../electron/core/ingest/received';
import { FileSecretStore, type SecretStore } from '../../electron/core/secrets';
import type { CatchUpStatus, HealthResponse, ListDeliveriesResponse, TunnelStatus } from '../../shared/api';
import { corePool, tempDir } from '../support/core';
import { callDeliveries, SAMPLE_CALLER } from '../support/payloads';

const SECRET = 'whsec_front-desk-7f3c9a1e';
const NGROK_TOKEN = '2abcDEF_ngrok-authtoken-value';
const API_TOKEN = 'me-api-token-4b1d9c';
const API_KEY = 'me-subscription-key-77e2';

/**
 * Stand-in for a key store after Keychain "Deny": what it holds stays on disk (the real FileSecretStore), but
 * every read throws the error Electron's safeStorage.decryptString throws when the key is not handed over.
 */
class DeniedKeychainStandIn implements SecretStore {
  constructor(private readonly kept: FileSecretStore) {}

  get(): string | null {
    throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
  }

  set(name: string, value: string | null): void {
    this.kept.set(name, value);
  }
}

const pool = corePool();
afterEach(pool.stopStarted);

describe('a core whose secrets cannot be read', () => {
  it('starts, stores a real signed webhook unchecked, and says what is affected', async () => {
    const dataDir = tempDir('secrets-unreadable-');
    const kept = new FileSecretStore(path.join(dataDir, 'kept-secrets.json'));
    const first = await pool.start({ dataDir, secrets: kept, webhookSecret: SECRET, signatureMode: 'enforce' });
    const webhookPath = first.webhookPath;
    await first.close();
    kept.set('ngrokAuthtoken', NGROK_TOKEN);

    const logged: string[] = [];
    const [warn, log] = [console.warn, console.log];
    console.warn = console.log = (...args: unknown[]) => logged.push(args.map(String).join(' '));
    const core = await pool.start({ dataDir, secrets: new DeniedKeychainStandIn(kept), tunnel: { settings: { provider: 'ngrok' } } });
    try {
      // The webhook token is kept by the call database too: the URL in Marketing Edge still works.
      expect(core.webhookPath).toBe(webhookPath);
      const body = callDeliveries({ ...SAMPLE_CALLER, telmetricsId: '3000000101' }).start;
      const res = await core.post(body, { 'ms-signature': signatureOf(Buffer.from(body), SECRET) });
      expect(res.status).toBe(200);
      const { deliveries } = await core.api<ListDeliveriesResponse>('/api/deliveries');
      expect(deliveries[0]).toMatchObject({ outcome: 'accepted', signature: 'not-checked', reason: SIGNATURE_NOT_CHECKED_NOTE });
      expect(core.store.countCalls()).toBe(1);

      const tunnel = await waitForTunnel(core.api.bind(core), (s) => s.state === 'failed');
      expect(tunnel).toMatchObject({ provider: 'ngrok', errorCode: 'secret-unreadable', settings: { ngrokAuthtokenSet: true } });
      expect(tunnel.error).toMatch(/could not read the ngrok authtoken.*restart Call Alerts.*enter the ngrok authtoken again/);

      const healthRes = await core.appFetch('/api/health');
      expect(healthRes.status).toBe(200);
      const health = (await healthRes.json()) as HealthResponse;
      expect(health.ok).toBe(true);
      expect(health.secrets.map((p) => p.secret)).toEqual(['webhookSecret', 'ngrokAuthtoken']);
      expect(health.secrets[0]!.text).toMatch(/Calls still arrive, but their webhook signatures are not checked/);
      const said = JSON.stringify(health) + JSON.stringify(tunnel) + logged.join('\n');
      expect(said).not.toContain(SECRET);
      expect(said).not.toContain(NGROK_TOKEN);
    } finally {
      [console.warn, console.log] = [warn, log];
    }
  });

  it('with catch-up on, says that missed calls cannot be fetched, and sends nothing to the vendor', async () => {
    const dataDir = tempDir('secrets-unreadable-');
    const kept = new FileSecretStore(path.join(dataDir, 'kept-secrets.json'));
    // Port 9 (discard): nothing listens there, so no request could reach a vendor even if one were sent.
    const settings = { provider: 'marketing-edge' as const, baseUrl: 'http://127.0.0.1:9/marketingedge/v5', token: API_TOKEN, key: API_KEY };
    await (await pool.start({ dataDir, secrets: kept, catchUp: { settings } })).close();

    const core = await pool.start({ dataDir, secrets: new DeniedKeychainStandIn(kept) });
    const catchUp = await core.api<CatchUpStatus>('/api/catch-up');
    expect(catchUp.provider).toBe('marketing-edge');
    const health = (await (await core.appFetch('/api/health')).json()) as HealthResponse;
    // This stand-in refuses even names never stored (the webhook secret here), so only catch-up's are looked at.
    const vendorProblems = (h: HealthResponse) => h.secrets.filter((p) => p.secret.startsWith('vendorApi'));
    expect(vendorProblems(health).map((p) => p.secret)).toEqual(['vendorApiToken', 'vendorApiKey']);
    expect(vendorProblems(health)[0]!.text).toMatch(
      /^Calls missed while this PC was off cannot be fetched from Marketing Edge: .*enter the API token again/,
    );
    const said = JSON.stringify(health) + JSON.stringify(catchUp);
    expect(said).not.toContain(API_TOKEN);
    expect(said).not.toContain(API_KEY);

    // Turned off, the credentials stop nothing: no warning.
    const off = await core.appFetch('/api/catch-up/settings', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'off' }),
    });
    expect(off.status).toBe(200);
    const after = (await (await core.appFetch('/api/health')).json()) as HealthResponse;
    expect(vendorProblems(after)).toEqual([]);
  });
});

async function waitForTunnel(api: <T>(p: string) => Promise<T>, predicate: (s: TunnelStatus) => boolean): Promise<TunnelStatus> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = await api<TunnelStatus>('/api/tunnel');
    if (predicate(status)) return status;
    if (Date.now() > deadline) throw new Error(`Tunnel status never matched: ${JSON.stringify(status)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
