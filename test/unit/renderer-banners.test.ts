// The window's banner area, decided by pure code: which reason calls cannot reach this PC comes first (one
// banner, the rest named), and the sentence after an outage, in the window's zone.

import { describe, expect, it } from 'vitest';
import type { CatchUpStatus, SecretProblem, TunnelStatus } from '../../shared/api';
import { outageSentence, outageShown, outageKey, OUTAGE_SHOWN_FOR_MS, type Outage } from '../../renderer/src/model/outage';
import { DOWN_GRACE_MS, windowProblems, type WindowProblemInputs } from '../../renderer/src/model/windowProblems';

const NOW = Date.parse('2026-03-10T15:00:00Z');

function tunnel(overrides: Partial<TunnelStatus> = {}): TunnelStatus {
  return {
    provider: 'ngrok',
    state: 'online',
    url: 'https://acme.ngrok-free.dev',
    publicWebhookUrl: 'https://acme.ngrok-free.dev/hooks/abc',
    confirmedUrl: 'https://acme.ngrok-free.dev/hooks/abc',
    urlChanged: false,
    urlStable: true,
    caveat: null,
    lastCheck: null,
    verified: true,
    unverifiedReason: null,
    error: null,
    errorCode: null,
    since: new Date(NOW - 3_600_000).toISOString(),
    attempt: 0,
    nextAttemptAt: null,
    settings: {
      provider: 'ngrok',
      ngrokDomain: 'acme.ngrok-free.dev',
      cloudflaredPath: null,
      localtunnelHost: null,
      localtunnelSubdomain: null,
      manualUrl: null,
      ngrokAuthtokenSet: true,
      cloudflaredTokenSet: false,
    },
    testCalls: { callIds: [], hidden: false },
    ...overrides,
  };
}

const SECRET: SecretProblem = {
  secret: 'webhookSecret',
  short: 'Signatures not checked',
  text: 'Calls still arrive, but their webhook signatures are not checked.',
};
const REFUSED = 'The API token was refused: create a new one in Marketing Edge → Settings → API Access.';
const catchUp = (state: CatchUpStatus['state'], error: string | null = null): WindowProblemInputs['catchUp'] => ({
  provider: 'marketing-edge',
  state,
  error,
});
const ALL_WELL: WindowProblemInputs = {
  database: null,
  secrets: [],
  callsStored: 12,
  tunnel: tunnel(),
  catchUp: catchUp('idle'),
  view: 'calls',
  now: NOW,
};
const NO_TUNNEL = tunnel({ provider: 'none', state: 'off' });
const kinds = (inputs: Partial<WindowProblemInputs>) => windowProblems({ ...ALL_WELL, ...inputs }).map((p) => p.kind);

describe('which problem the banner shows', () => {
  it('asks to give the first address to Marketing Edge, and to update it only once one was given', () => {
    const titles = (confirmedUrl: string | null) =>
      windowProblems({ ...ALL_WELL, tunnel: tunnel({ urlChanged: true, confirmedUrl }) }).map((p) => p.title);
    expect(titles(null)).toEqual(['Give this address to Marketing Edge']);
    expect(titles('https://old.example/hooks/x')).toEqual(['Update the webhook URL in Marketing Edge']);
  });

  it('shows nothing while calls can arrive, or before the statuses are read', () => {
    expect(kinds({})).toEqual([]);
    expect(kinds({ tunnel: null, catchUp: null })).toEqual([]);
    // Catch-up idle or retrying on its own (waiting) is not a refusal.
    expect(kinds({ catchUp: catchUp('waiting', 'Marketing Edge did not answer; trying again at 3:15 PM.') })).toEqual([]);
  });

  it('puts every problem in order of urgency: calls refused, not reaching the PC, sent elsewhere, not fetched, degraded, then unsure', () => {
    const every = kinds({
      database: { kind: 'damaged', text: 'The call database is damaged.' },
      secrets: [SECRET],
      tunnel: tunnel({ state: 'failed', error: 'The ngrok authtoken was refused.', urlChanged: true, confirmedUrl: null }),
      catchUp: catchUp('failed', REFUSED),
    });
    expect(every).toEqual(['database', 'public-url-down', 'url-changed', 'catch-up-refused', 'secrets']);
    expect(kinds({ secrets: [SECRET], tunnel: NO_TUNNEL, callsStored: 0 })).toEqual(['secrets', 'no-public-url']);
  });

  it('no public URL is a problem only until a call comes in: headless mode may be reached through the person’s own address', () => {
    expect(kinds({ tunnel: NO_TUNNEL, callsStored: 0 })).toEqual(['no-public-url']);
    expect(kinds({ tunnel: NO_TUNNEL, callsStored: 1 })).toEqual([]);
    expect(kinds({ tunnel: NO_TUNNEL, callsStored: null })).toEqual([]);
    const [none] = windowProblems({ ...ALL_WELL, tunnel: NO_TUNNEL, callsStored: 0 });
    expect(none).toMatchObject({ title: 'Calls cannot reach this PC yet: no public URL is set up', action: 'open-public-url' });
  });

  it('keeps the existing banners’ words: the database’s titles, the core’s sentences, the secrets’ title', () => {
    const [lost] = windowProblems({ ...ALL_WELL, database: { kind: 'lost', text: '/data/calls.sqlite was deleted.' } });
    expect(lost).toEqual({ kind: 'database', title: 'The call database is gone', text: ['/data/calls.sqlite was deleted.'], action: null });
    const [damaged] = windowProblems({ ...ALL_WELL, database: { kind: 'damaged', text: 'x' } });
    expect(damaged!.title).toBe('The call database is damaged');
    // While the store's thread restarts, or cannot open the file: the core's sentence under a title that says so.
    const [cannotOpen] = windowProblems({ ...ALL_WELL, database: { kind: 'cannot-open', text: 'The disk is full.' } });
    expect(cannotOpen).toMatchObject({ title: 'Call Alerts cannot open its call database', text: ['The disk is full.'] });
    const [restarting] = windowProblems({ ...ALL_WELL, database: { kind: 'restarting', text: 'Try again in a moment.' } });
    expect(restarting!.title).toBe('Call Alerts is restarting its call database');
    const [secrets] = windowProblems({ ...ALL_WELL, secrets: [SECRET, { ...SECRET, secret: 'ngrokAuthtoken', text: 'The tunnel cannot start.' }] });
    expect(secrets).toMatchObject({ title: 'Call Alerts could not read a saved secret', text: [SECRET.text, 'The tunnel cannot start.'] });
  });

  it('a tunnel reconnecting after a blip is not a banner until it has been down a while; a failed one is at once', () => {
    const since = (ms: number) => new Date(NOW - ms).toISOString();
    const reconnecting = (downMs: number) => tunnel({ state: 'reconnecting', since: since(downMs), error: 'No internet connection.', attempt: 2 });
    expect(kinds({ tunnel: reconnecting(DOWN_GRACE_MS - 1) })).toEqual([]);
    expect(kinds({ tunnel: tunnel({ state: 'starting', since: since(10 * DOWN_GRACE_MS) }) })).toEqual([]);
    const [down] = windowProblems({ ...ALL_WELL, tunnel: reconnecting(DOWN_GRACE_MS) });
    expect(down).toEqual({
      kind: 'public-url-down',
      title: 'Calls cannot reach this PC: the public URL is down',
      text: [
        'No internet connection. Call Alerts keeps trying to reconnect on its own.',
        'Calls made meanwhile are fetched from Marketing Edge later, but they do not ring here.',
      ],
      action: 'open-public-url',
    });
    const [failed] = windowProblems({ ...ALL_WELL, tunnel: tunnel({ state: 'failed', since: since(0), error: 'The ngrok authtoken was refused.' }) });
    expect(failed!.text[0]).toBe('The ngrok authtoken was refused. Trying again cannot fix this: open Public URL to change its settings.');
  });

  it('says what happens to the calls meanwhile: fetched later, lost without catch-up, or not while catch-up is refused', () => {
    const line = (c: WindowProblemInputs['catchUp']) => windowProblems({ ...ALL_WELL, tunnel: tunnel({ state: 'failed' }), catchUp: c })[0]!.text[1];
    expect(line({ provider: 'telmetrics', state: 'idle', error: null })).toBe(
      'Calls made meanwhile are fetched from Telmetrics later, but they do not ring here.',
    );
    expect(line({ provider: 'off', state: 'off', error: null })).toBe(
      'Calls made meanwhile are not kept: set up catch-up in Settings so Call Alerts can fetch them later.',
    );
    expect(line(null)).toContain('not kept');
    expect(line(catchUp('failed', REFUSED))).toBe('Catch-up cannot fetch them later either until its problem is fixed (see Settings).');
  });

  it('on the Public URL view, which shows the tunnel’s state itself, only a URL to update in Marketing Edge is a banner', () => {
    const down = tunnel({ state: 'failed', error: 'Refused.', urlChanged: true });
    expect(kinds({ tunnel: down, view: 'public-url' })).toEqual(['url-changed']);
    expect(kinds({ tunnel: NO_TUNNEL, callsStored: 0, view: 'public-url' })).toEqual([]);
    expect(kinds({ tunnel: down, view: 'settings' })).toEqual(['public-url-down', 'url-changed']);
  });

  it('catch-up refused names the vendor and gives the core’s words with the way to Settings', () => {
    const [refused] = windowProblems({ ...ALL_WELL, catchUp: catchUp('failed', REFUSED) });
    expect(refused).toEqual({
      kind: 'catch-up-refused',
      title: 'Missed calls cannot be fetched from Marketing Edge',
      text: [REFUSED],
      action: 'open-catch-up-settings',
    });
    expect(kinds({ catchUp: { provider: 'off', state: 'failed', error: REFUSED } })).toEqual([]);
    // Already there: no button to where the person is.
    expect(windowProblems({ ...ALL_WELL, catchUp: catchUp('failed', REFUSED), view: 'settings' })[0]!.action).toBeNull();
  });
});

describe('the outage sentence', () => {
  // `fetched`: the calls that started in the gap; `added`, `missed`: the whole run's (it re-reads a day or two more).
  const outage = (from: string, to: string, fetched = 7, missed = 3): Outage => ({ from, to, fetched, added: fetched + 1, missed });

  it('gives the night’s times alone, in the window’s zone, with the calls fetched and missed', () => {
    // 6:02 PM to 8:41 AM in Toronto (EST, UTC-5).
    const night = outage('2026-03-05T23:02:00Z', '2026-03-06T13:41:00Z');
    expect(outageSentence(night, 'Marketing Edge', 'America/Toronto')).toBe(
      'This PC was off from 6:02 PM to 8:41 AM; 7 calls were fetched from Marketing Edge (3 missed).',
    );
    expect(outageSentence(night, 'Marketing Edge', 'Europe/Paris')).toBe(
      'This PC was off from 12:02 AM to 2:41 PM; 7 calls were fetched from Marketing Edge (3 missed).',
    );
    expect(outageSentence(outage(night.from, night.to, 1, 0), 'Telmetrics', 'America/Toronto')).toBe(
      'This PC was off from 6:02 PM to 8:41 AM; 1 call was fetched from Telmetrics.',
    );
    expect(outageSentence(outage(night.from, night.to, 0, 0), 'Marketing Edge', 'America/Toronto')).toBe(
      'This PC was off from 6:02 PM to 8:41 AM; Marketing Edge lists no calls for that time.',
    );
  });

  it('names the days of a longer gap (a weekend)', () => {
    const weekend = outage('2026-03-06T23:02:00Z', '2026-03-09T12:41:00Z');
    expect(outageSentence(weekend, 'Marketing Edge', 'America/Toronto')).toBe(
      'This PC was off from Fri, Mar 6, 6:02 PM to Mon, Mar 9, 8:41 AM; 7 calls were fetched from Marketing Edge (3 missed).',
    );
  });

  it('is shown for a day after the PC came back, and not again once dismissed', () => {
    const night = outage('2026-03-09T23:02:00Z', '2026-03-10T13:41:00Z');
    expect(outageShown(night, null, NOW)).toBe(true);
    expect(outageShown(night, outageKey(night), NOW)).toBe(false);
    expect(outageShown(night, outageKey(outage('2026-03-08T23:02:00Z', '2026-03-09T13:41:00Z')), NOW)).toBe(true);
    expect(outageShown(night, null, Date.parse(night.to) + OUTAGE_SHOWN_FOR_MS)).toBe(false);
    expect(outageShown(null, null, NOW)).toBe(false);
  });
});
