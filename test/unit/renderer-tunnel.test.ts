// The public-URL view's pure parts: the form's draft and the settings update it makes, what it warns about,
// and the status in words (self-test, retries, test call).

import { describe, expect, it } from 'vitest';
import type { TestCallResult, TunnelSettingsView } from '../../shared/api';
import { LOCALTUNNEL_CAVEAT, QUICK_TUNNEL_CAVEAT } from '../../shared/tunnel/providers';
import { checkSummary, retryLine, testCallCount, testCallSummary } from '../../renderer/src/format/tunnel';
import { draftCaveat, draftFrom, missingForProvider, settingsErrorText, tunnelUpdate, type TunnelDraft } from '../../renderer/src/model/tunnelForm';

const NONE: TunnelSettingsView = {
  provider: 'none',
  ngrokDomain: null,
  cloudflaredPath: null,
  localtunnelHost: null,
  localtunnelSubdomain: null,
  manualUrl: null,
  ngrokAuthtokenSet: false,
  cloudflaredTokenSet: false,
};
const NOW = Date.parse('2026-03-10T15:00:00Z');

describe('the provider form', () => {
  it('starts on the recommended provider when none is set up, with no token ever filled in', () => {
    expect(draftFrom(NONE)).toEqual({
      provider: 'ngrok',
      ngrokAuthtoken: '',
      ngrokDomain: '',
      cloudflaredToken: '',
      cloudflaredPath: '',
      localtunnelHost: '',
      localtunnelSubdomain: '',
      manualUrl: '',
    });
    const saved = draftFrom({
      ...NONE,
      provider: 'manual',
      manualUrl: 'https://hooks.example.com',
      ngrokAuthtokenSet: true,
      ngrokDomain: 'acme.ngrok-free.dev',
    });
    expect(saved).toMatchObject({
      provider: 'manual',
      manualUrl: 'https://hooks.example.com',
      ngrokDomain: 'acme.ngrok-free.dev',
      ngrokAuthtoken: '',
    });
  });

  it('sends the chosen provider with its own options, trimmed; a token only when one was typed', () => {
    const draft: TunnelDraft = {
      ...draftFrom(NONE),
      ngrokAuthtoken: '  2abcTOKEN ',
      ngrokDomain: ' acme.ngrok-free.dev ',
      manualUrl: 'https://x.example',
    };
    expect(tunnelUpdate(draft)).toEqual({ provider: 'ngrok', ngrokDomain: 'acme.ngrok-free.dev', ngrokAuthtoken: '2abcTOKEN' });
    expect(tunnelUpdate({ ...draft, ngrokAuthtoken: '   ' })).toEqual({ provider: 'ngrok', ngrokDomain: 'acme.ngrok-free.dev' });
    expect(tunnelUpdate({ ...draft, provider: 'cloudflared', cloudflaredToken: 'eyJ' })).toEqual({
      provider: 'cloudflared',
      cloudflaredPath: '',
      cloudflaredToken: 'eyJ',
    });
    expect(tunnelUpdate({ ...draft, provider: 'cloudflared' })).toEqual({ provider: 'cloudflared', cloudflaredPath: '' });
    // In a browser the core refuses a program path: the update leaves it out, and the saved one stays.
    expect(tunnelUpdate({ ...draft, provider: 'cloudflared', cloudflaredPath: '/bin/sh' }, false)).toEqual({ provider: 'cloudflared' });
    expect(tunnelUpdate({ ...draft, provider: 'localtunnel', localtunnelSubdomain: ' acme-hooks ' })).toEqual({
      provider: 'localtunnel',
      localtunnelHost: '',
      localtunnelSubdomain: 'acme-hooks',
    });
    expect(tunnelUpdate({ ...draft, provider: 'manual' })).toEqual({ provider: 'manual', manualUrl: 'https://x.example' });
    expect(tunnelUpdate({ ...draft, provider: 'none' })).toEqual({ provider: 'none' });
  });

  it('says what is missing before saving: the ngrok token unless one is saved, the manual address', () => {
    const draft = draftFrom(NONE);
    expect(missingForProvider(draft, NONE)).toBe('Paste the token ngrok shows you.');
    expect(missingForProvider(draft, { ...NONE, ngrokAuthtokenSet: true })).toBeNull();
    expect(missingForProvider({ ...draft, ngrokAuthtoken: 'x' }, NONE)).toBeNull();
    expect(missingForProvider({ ...draft, provider: 'manual' }, NONE)).toBe('Type your public address (https://…).');
    expect(missingForProvider({ ...draft, provider: 'manual', manualUrl: 'https://x.example' }, NONE)).toBeNull();
    for (const provider of ['cloudflared', 'localtunnel', 'none'] as const) expect(missingForProvider({ ...draft, provider }, NONE)).toBeNull();
  });

  it('warns as the choice would run: a quick tunnel without a cloudflared token, a changing ngrok URL without a domain, localtunnel always', () => {
    const draft = draftFrom(NONE);
    expect(draftCaveat({ ...draft, provider: 'cloudflared' }, NONE)).toBe(
      `Without a token, Cloudflare gives a temporary address. ${QUICK_TUNNEL_CAVEAT}.`,
    );
    expect(draftCaveat({ ...draft, provider: 'cloudflared', cloudflaredToken: 'eyJ' }, NONE)).toBeNull();
    expect(draftCaveat({ ...draft, provider: 'cloudflared' }, { ...NONE, cloudflaredTokenSet: true })).toBeNull();
    expect(draftCaveat(draft, NONE)).toMatch(/^Without your free ngrok address, ngrok gives a new one at every start/);
    expect(draftCaveat({ ...draft, ngrokDomain: 'acme.ngrok-free.dev' }, NONE)).toBeNull();
    expect(draftCaveat({ ...draft, provider: 'localtunnel' }, NONE)).toBe(LOCALTUNNEL_CAVEAT);
    expect(draftCaveat({ ...draft, provider: 'manual' }, NONE)).toBeNull();
  });

  it("puts the form's field names in the core's reasons", () => {
    expect(settingsErrorText('manualUrl: must be an http(s) address')).toBe('Public address: must be an http(s) address');
    expect(settingsErrorText('ngrokDomain: must be a domain like name.ngrok-free.dev; localtunnelSubdomain: must be 4 to 63 lowercase letters')).toBe(
      'Your free ngrok address: must be a domain like name.ngrok-free.dev; Name in the address: must be 4 to 63 lowercase letters',
    );
    expect(settingsErrorText('Could not reach https://x.example: refused')).toBe('Could not reach https://x.example: refused');
  });
});

describe('the status in words', () => {
  it('the last self-test: passed with its time and speed, failed with the reason, or not run yet', () => {
    expect(checkSummary({ at: '2026-03-10T14:55:00.000Z', ok: true, ms: 142, error: null }, NOW, 'UTC')).toBe('Passed today 2:55 PM (142 ms)');
    expect(checkSummary({ at: '2026-03-09T14:55:00.000Z', ok: false, ms: 0, error: 'Nothing accepts connections at 127.0.0.1:9.' }, NOW, 'UTC')).toBe(
      'Failed yesterday 2:55 PM: Nothing accepts connections at 127.0.0.1:9.',
    );
    expect(checkSummary(null, NOW)).toBe('Not run yet');
  });

  it('while reconnecting: the failed attempts and the countdown to the next; when failed: what it waits for', () => {
    const at = (ms: number) => new Date(NOW + ms).toISOString();
    expect(retryLine({ state: 'reconnecting', attempt: 1, nextAttemptAt: at(1200) }, NOW)).toBe('1 failed attempt; next try in 2 s');
    expect(retryLine({ state: 'reconnecting', attempt: 6, nextAttemptAt: at(59_000) }, NOW)).toBe('6 failed attempts; next try in 59 s');
    expect(retryLine({ state: 'reconnecting', attempt: 7, nextAttemptAt: at(90_000) }, NOW)).toBe('7 failed attempts; next try in 1 min 30 s');
    expect(retryLine({ state: 'reconnecting', attempt: 2, nextAttemptAt: at(-50) }, NOW)).toBe('2 failed attempts; trying again now…');
    expect(retryLine({ state: 'reconnecting', attempt: 2, nextAttemptAt: null }, NOW)).toBe('2 failed attempts; trying again…');
    expect(retryLine({ state: 'failed', attempt: 1, nextAttemptAt: null }, NOW)).toMatch(/^Trying again cannot fix this/);
    for (const state of ['online', 'starting', 'off'] as const) expect(retryLine({ state, attempt: 0, nextAttemptAt: null }, NOW)).toBeNull();
  });

  it('a test call: how fast it came back and that it alerted, or the step where it stopped', () => {
    const ok: TestCallResult = { ok: true, error: null, status: 200, deliveryId: 7, callId: 3, alerted: true, ms: 84 };
    expect(testCallSummary(ok)).toBe(
      'The test call came in through the public URL in 84 ms and raised an alert. It is in the call list, marked as a test.',
    );
    const lost = 'The test call did not get through: Nothing accepts connections at 127.0.0.1:9.';
    expect(testCallSummary({ ...ok, ok: false, callId: null, alerted: false, error: lost })).toBe(lost);
    expect(testCallCount(1)).toBe('1 test call');
    expect(testCallCount(3)).toBe('3 test calls');
  });
});
