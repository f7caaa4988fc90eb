// The tunnel's pure decisions: backoff, sleep detection, ngrok errors in words, public URLs, the test call.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECONNECT_CAP_MS, reconnectDelay, sleptThrough } from '../../shared/tunnel/backoff';
import { DOMAIN_IN_USE_ATTEMPTS, ngrokProblem, shouldGiveUp } from '../../shared/tunnel/problems';
import { normalisePublicBase, publicWebhookUrl, urlNeedsUpdate } from '../../shared/tunnel/publicUrl';
import { TUNNEL_PROVIDER_KINDS } from '../../shared/contract/schemas';
import { QUICK_TUNNEL_CAVEAT, TUNNEL_PROVIDERS, providerInfo } from '../../shared/tunnel/providers';
import { TEST_CALLER_NAME, TEST_CALLER_NUMBER, TEST_ENVELOPE_PREFIX, testCallStartBody } from '../../shared/tunnel/testCall';
import { normaliseNotification, parseEnvelope } from '../../shared/marketingEdge/normalise';

describe('reconnect backoff', () => {
  it('grows, is capped, and is jittered within the upper half of each step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, random) => {
        const step = Math.min(RECONNECT_CAP_MS, 1000 * 2 ** (attempt - 1));
        const delay = reconnectDelay(attempt, random);
        expect(delay).toBeGreaterThanOrEqual(step / 2);
        expect(delay).toBeLessThanOrEqual(step);
        expect(delay).toBeLessThanOrEqual(RECONNECT_CAP_MS);
      }),
    );
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((a) => reconnectDelay(a, 0))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('spreads clients that dropped together', () => {
    const delays = new Set(Array.from({ length: 20 }, (_, i) => reconnectDelay(5, i / 20)));
    expect(delays.size).toBe(20);
  });

  it('a timer much later than asked slept through a suspend; a busy loop does not count', () => {
    expect(sleptThrough(10_000, 10_050)).toBe(false);
    expect(sleptThrough(10_000, 25_000)).toBe(false);
    expect(sleptThrough(10_000, 3_600_000)).toBe(true);
  });
});

describe('ngrok errors in words', () => {
  // Message shapes as the SDK rejects them: the service's text, then the code on its own line.
  const bad =
    'failed to connect session: authentication failed: The authtoken you specified does not look like a proper ngrok authtoken.\nYour authtoken: stand-in\nInstructions to install your authtoken are on your ngrok dashboard:\nhttps://dashboard.ngrok.com/get-started/your-authtoken\n\nERR_NGROK_105\n';
  const inUse =
    "failed to start listener: The endpoint 'https://acme-hooks.ngrok-free.dev' is already online. Either\n1. stop your existing endpoint first, or\n2. start both endpoints with `--pooling-enabled` to load balance between them.\n\nERR_NGROK_334\n";

  it('maps the codes a person can act on, never retrying a bad token', () => {
    expect(ngrokProblem(bad, 'ERR_NGROK_105')).toMatchObject({ code: 'bad-token', giveUpAfter: 0 });
    expect(ngrokProblem(bad).code).toBe('bad-token');
    expect(ngrokProblem('authentication failed: The authtoken you specified is properly formed, but it is invalid.\n\nERR_NGROK_107').code).toBe(
      'bad-token',
    );
    expect(ngrokProblem('authentication failed: Usage of ngrok requires a verified account and authtoken.\n\nERR_NGROK_4018')).toMatchObject({
      code: 'missing-token',
      giveUpAfter: 0,
    });
    expect(ngrokProblem('Your account is limited to 1 simultaneous ngrok agent sessions.\n\nERR_NGROK_108')).toMatchObject({
      code: 'too-many-sessions',
      giveUpAfter: DOMAIN_IN_USE_ATTEMPTS,
    });
    expect(ngrokProblem('The account "x" has been suspended.\n\nERR_NGROK_103').code).toBe('account-blocked');
  });

  it('a domain already online is retried for a while (a session from before sleep expires), then given up', () => {
    const problem = ngrokProblem(inUse, 'ERR_NGROK_334');
    expect(problem.code).toBe('domain-in-use');
    expect(problem.reason).toMatch(/already online elsewhere/);
    expect(shouldGiveUp(problem, DOMAIN_IN_USE_ATTEMPTS)).toBe(false);
    expect(shouldGiveUp(problem, DOMAIN_IN_USE_ATTEMPTS + 1)).toBe(true);
  });

  it('unknown codes keep the code and the first line; transport failures mean the connection', () => {
    const other = ngrokProblem('Something new happened.\n\nERR_NGROK_9999');
    expect(other).toMatchObject({ code: 'unknown', giveUpAfter: null });
    expect(other.reason).toBe('ngrok refused the connection (ERR_NGROK_9999): Something new happened.');
    for (const m of [
      'failed to connect session: failed to establish tcp connection',
      'failed to connect session: tls handshake error',
      'dns error: failed to lookup address information',
    ]) {
      expect(ngrokProblem(m).code, m).toBe('no-internet');
    }
    expect(ngrokProblem('weird').reason).toBe('ngrok: weird');
  });
});

describe('public URLs', () => {
  it('normalises what people paste', () => {
    expect(normalisePublicBase('https://hooks.example.com/')).toBe('https://hooks.example.com');
    expect(normalisePublicBase('  https://x.ts.net:8443/calls/ ')).toBe('https://x.ts.net:8443/calls');
    expect(normalisePublicBase('https://x.example.com/hooks/abcdef?x=1#y')).toBe('https://x.example.com');
    expect(normalisePublicBase('https://x.example.com/base/hooks/')).toBe('https://x.example.com/base');
    for (const bad of ['ftp://x', 'not a url', 'https://user:pw@x.com']) expect(normalisePublicBase(bad), bad).toBeNull();
  });

  it('adds the webhook path and says when Marketing Edge needs the new one', () => {
    expect(publicWebhookUrl('https://a.ngrok-free.dev', '/hooks/T')).toBe('https://a.ngrok-free.dev/hooks/T');
    expect(publicWebhookUrl(null, '/hooks/T')).toBeNull();
    expect(urlNeedsUpdate('https://a/hooks/T', null)).toBe(true);
    expect(urlNeedsUpdate('https://a/hooks/T', 'https://a/hooks/T')).toBe(false);
    expect(urlNeedsUpdate('https://b/hooks/T', 'https://a/hooks/T')).toBe(true);
    expect(urlNeedsUpdate(null, 'https://a/hooks/T')).toBe(false);
  });
});

describe('provider catalogue', () => {
  it('covers every provider, with the caveats the window must show', () => {
    expect(TUNNEL_PROVIDERS.map((p) => p.kind)).toEqual([...TUNNEL_PROVIDER_KINDS]);
    expect(providerInfo('localtunnel').caveat).toMatch(/subdomain/);
    expect(QUICK_TUNNEL_CAVEAT).toBe('URL changes on every start — for trying only');
    expect(providerInfo('ngrok').setup).toMatch(/authtoken/);
  });
});

describe('the test call', () => {
  it('is a Call Start the app reads like the vendor sample, from a fictional caller', () => {
    const now = Date.parse('2026-03-04T05:06:07.089Z');
    const parsed = parseEnvelope(testCallStartBody(now, 'n0nce'));
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.envelope.id).toBe(`${TEST_ENVELOPE_PREFIX}n0nce`);
    expect(parsed.envelope.sentAt).toBe('2026-03-04T05:06:07.089Z');
    const event = normaliseNotification(parsed.envelope.notifications[0]!, parsed.envelope.sentAt);
    expect(event).toMatchObject({
      kind: 'start',
      callerNumber: TEST_CALLER_NUMBER,
      callerName: TEST_CALLER_NAME,
      ringAt: '2026-03-04T05:06:07.089Z',
    });
    expect(event.warnings).toEqual([]);
  });
});
