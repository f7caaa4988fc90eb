// Settings → Catch-up, its pure parts: what a change sends, whether leaving a box has anything to save (credentials only when typed, never filled in), the
// import's days, when Check and Fetch can run, and the last run in words.

import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_PREFERENCES } from '../../shared/alertPrefs';
import type { CatchUpStatus } from '../../shared/api';
import { catchUpWindowAlert } from '../../renderer/src/model/alerts';
import {
  catchUpChanged,
  catchUpDraftFrom,
  catchUpNotReady,
  catchUpUpdate,
  coveredLine,
  importDays,
  lastRunLine,
  nextRunLine,
} from '../../renderer/src/model/catchUpForm';

const NOW = Date.parse('2026-03-10T15:00:00Z');
const OFF: CatchUpStatus = {
  provider: 'off',
  baseUrl: null,
  state: 'off',
  coveredUntil: null,
  lastRunAt: null,
  lastResult: null,
  error: null,
  nextRunAt: null,
  credentials: { token: 'not-set', key: 'not-set' },
  lastOutage: null,
};
const SET_UP: CatchUpStatus = {
  ...OFF,
  provider: 'marketing-edge',
  baseUrl: 'https://edgeapi.marchex.io/marketingedge/v5',
  state: 'idle',
  credentials: { token: 'saved', key: 'saved' },
};

describe('the catch-up form', () => {
  it('starts from the saved choice with no credential ever filled in', () => {
    expect(catchUpDraftFrom(OFF)).toEqual({ provider: 'off', baseUrl: '', token: '', key: '' });
    expect(catchUpDraftFrom(SET_UP)).toEqual({ provider: 'marketing-edge', baseUrl: SET_UP.baseUrl, token: '', key: '' });
  });

  it('sends a credential only when one was typed, trimmed; the key only to Marketing Edge; nothing but the choice for off', () => {
    const draft = { provider: 'marketing-edge' as const, baseUrl: ' http://127.0.0.1:9/v5 ', token: ' tok ', key: ' sub ' };
    expect(catchUpUpdate(draft)).toEqual({ provider: 'marketing-edge', baseUrl: 'http://127.0.0.1:9/v5', token: 'tok', key: 'sub' });
    expect(catchUpUpdate({ ...draft, token: '  ', key: '', baseUrl: '' })).toEqual({ provider: 'marketing-edge', baseUrl: null });
    expect(catchUpUpdate({ ...draft, provider: 'telmetrics' })).toEqual({ provider: 'telmetrics', baseUrl: 'http://127.0.0.1:9/v5', token: 'tok' });
    expect(catchUpUpdate({ ...draft, provider: 'off' })).toEqual({ provider: 'off' });
  });

  it('saves as you go only what changed: another API, a credential typed, or another address', () => {
    const kept = catchUpDraftFrom(SET_UP);
    expect(catchUpChanged(kept, SET_UP)).toBe(false);
    expect(catchUpChanged({ ...kept, token: '   ' }, SET_UP)).toBe(false);
    expect(catchUpChanged({ ...kept, token: 'tok' }, SET_UP)).toBe(true);
    expect(catchUpChanged({ ...kept, key: 'sub' }, SET_UP)).toBe(true);
    expect(catchUpChanged({ ...kept, baseUrl: 'http://127.0.0.1:9/v5' }, SET_UP)).toBe(true);
    expect(catchUpChanged({ ...kept, provider: 'telmetrics' }, SET_UP)).toBe(true);
    expect(catchUpChanged(catchUpDraftFrom(OFF), OFF)).toBe(false);
    expect(catchUpChanged({ ...catchUpDraftFrom(OFF), token: 'typed while off' }, OFF)).toBe(false);
  });

  it('imports whole days from 1 to 90, and says so for anything else', () => {
    expect(importDays('7')).toEqual({ days: 7 });
    expect(importDays(' 90 ')).toEqual({ days: 90 });
    for (const bad of ['0', '91', '2.5', '', 'seven', '-3']) expect(importDays(bad)).toEqual({ error: 'Enter a number of days from 1 to 90.' });
  });

  it('Check and Fetch wait for a provider and its credentials', () => {
    expect(catchUpNotReady(OFF)).toBe('Choose Marketing Edge or Telmetrics first.');
    expect(catchUpNotReady({ ...SET_UP, credentials: { token: 'not-set', key: 'saved' } })).toBe('Paste the API token first.');
    expect(catchUpNotReady({ ...SET_UP, credentials: { token: 'saved', key: 'not-set' } })).toBe('Paste the subscription key first.');
    expect(catchUpNotReady({ ...SET_UP, provider: 'telmetrics', credentials: { token: 'saved', key: 'not-set' } })).toBeNull();
    expect(catchUpNotReady(SET_UP)).toBeNull();
  });
});

describe('the last run in words (UTC, as the tests run)', () => {
  it('says what the last run fetched, what it is doing now, or that it never ran', () => {
    expect(lastRunLine(SET_UP, NOW)).toBe('Not run yet.');
    const ran = { ...SET_UP, lastRunAt: '2026-03-10T13:41:00Z', lastResult: { fetched: 9, added: 7, updated: 2 } };
    expect(lastRunLine(ran, NOW)).toBe('Last run today 1:41 PM: 9 calls fetched, 7 new, 2 updated.');
    expect(lastRunLine({ ...ran, lastResult: { fetched: 1, added: 0, updated: 1 } }, NOW)).toBe(
      'Last run today 1:41 PM: 1 call fetched, 0 new, 1 updated.',
    );
    expect(lastRunLine({ ...ran, state: 'running' }, NOW)).toBe('Fetching calls now…');
  });

  it('gives the next try while waiting, the next run while idle, and how far the history is complete', () => {
    const next = { ...SET_UP, nextRunAt: '2026-03-10T15:15:00Z' };
    expect(nextRunLine(next, NOW)).toBe('Next run today 3:15 PM.');
    expect(nextRunLine({ ...next, state: 'waiting' }, NOW)).toBe('Trying again today 3:15 PM.');
    expect(nextRunLine({ ...next, state: 'failed' }, NOW)).toBeNull();
    expect(coveredLine(SET_UP, NOW)).toBeNull();
    expect(coveredLine({ ...SET_UP, coveredUntil: '2026-03-09T22:00:00Z' }, NOW)).toBe('Every call up to yesterday 10:00 PM is in the history.');
  });
});

describe('the catch-up summary as a window alert', () => {
  const summary = { added: 7, missed: 3, alert: { title: '7 calls while this PC was off', body: '3 missed — open the call list' } };

  it('is one toast about the call list, even with Call Start alerts switched off', () => {
    const prefs = { ...DEFAULT_ALERT_PREFERENCES, onStart: false, onMissed: false, onVoicemail: false };
    expect(catchUpWindowAlert(summary, prefs, NOW)).toEqual({ kind: 'catch-up', callId: null, call: null, alert: summary.alert });
  });

  it('waits out quiet hours, and is nothing for a run the core raised no alert for (an import)', () => {
    // 15:00 UTC, inside 14:00–16:00.
    const quiet = { ...DEFAULT_ALERT_PREFERENCES, quietHours: { enabled: true, start: '14:00', end: '16:00' } };
    expect(catchUpWindowAlert(summary, quiet, NOW, 'UTC')).toBeNull();
    expect(catchUpWindowAlert(summary, quiet, NOW, 'America/Toronto')).not.toBeNull();
    expect(catchUpWindowAlert({ ...summary, alert: null }, DEFAULT_ALERT_PREFERENCES, NOW)).toBeNull();
  });
});
