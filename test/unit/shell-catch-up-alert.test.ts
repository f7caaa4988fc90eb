// The catch-up summary on the desktop: calls the vendor's API brought in (they did not ring on this PC) come
// through the real core's change feed without alerts and pop nothing; the run's one `catch-up` event shows one
// native notification that opens the call list, silent while paused or in quiet hours. Electron's
// Notification is RecordingNotification (test/support), which records what Electron would show.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_PREFERENCES } from '../../shared/alertPrefs';
import type { AlertPreferences, CallStreamEvent, CatchUpEvent } from '../../shared/api';
import { catchUpToast } from '../../electron/shell/alertPolicy';
import { Notifier } from '../../electron/shell/notifier';
import { startTestCore, type TestCore } from '../support/core';
import { apiAnswerBody, apiResult } from '../support/apiResults';
import { callDeliveries, type CallSpec } from '../support/payloads';
import { RecordingNotification } from '../support/recordingNotification';

const NOW = Date.parse('2026-03-10T15:00:00Z');
const SUMMARY: CatchUpEvent = { added: 7, missed: 3, alert: { title: '7 calls while this PC was off', body: '3 missed — open the call list' } };

let core: TestCore;
beforeAll(async () => {
  core = await startTestCore();
});
afterAll(async () => {
  await core.stop();
});

function notifierFor(opened: (number | null)[], overrides: { prefs?: Partial<AlertPreferences>; pausedUntil?: number | null; now?: number } = {}) {
  RecordingNotification.shown = [];
  return new Notifier({
    create: (options) => new RecordingNotification(options),
    open: (id) => opened.push(id),
    preferences: () => ({ ...DEFAULT_ALERT_PREFERENCES, ...overrides.prefs }),
    pausedUntil: () => overrides.pausedUntil ?? null,
    icon: '/app/icon.png',
    burstMs: 300,
    timeZone: 'UTC',
    platform: 'linux',
    now: () => overrides.now ?? NOW,
  });
}

const spec = (n: number, answered: boolean): CallSpec => ({
  telmetricsId: String(4_100_000_000 + n),
  callerNumber: `41655502${String(n).padStart(2, '0')}`,
  callerName: `Night caller ${n}`,
  localStart: '2019-11-15T02:00:00',
  ringUtc: '2019-11-15T07:00:00.000',
  answered,
});

/** A catch-up run's calls as the store merges them from a calls API answer, published on the core's feed as the runner does. */
async function caughtUp(specs: CallSpec[]): Promise<CallStreamEvent[]> {
  const body = apiAnswerBody(specs.map((s) => apiResult(s)));
  const merged = await core.store.ingestApiAnswer({
    provider: 'marketing-edge',
    url: 'https://api.test/api/calls',
    status: 200,
    receivedAt: NOW,
    body,
  });
  for (const event of merged.calls) core.feed.emit(event);
  return merged.calls;
}

describe('the catch-up summary, decided', () => {
  const gate = { prefs: DEFAULT_ALERT_PREFERENCES, pausedUntil: null, now: NOW, timeZone: 'UTC' };

  it('is one toast with the run’s words that opens the list (callId null)', () => {
    expect(catchUpToast(SUMMARY, gate)).toEqual({
      title: '7 calls while this PC was off',
      body: '3 missed — open the call list',
      callId: null,
      untilDismissed: true,
    });
    // With no missed call among them, nobody waits for a call back: it times out as usual.
    expect(catchUpToast({ ...SUMMARY, missed: 0 }, gate)).not.toHaveProperty('untilDismissed');
  });

  it('a run that brought nothing new has no alert, and shows nothing', () => {
    expect(catchUpToast({ added: 0, missed: 0, alert: null }, gate)).toBeNull();
  });

  it('is silent while paused and in quiet hours, like a missed-call alert', () => {
    expect(catchUpToast(SUMMARY, { ...gate, pausedUntil: NOW + 60_000 })).toBeNull();
    expect(catchUpToast(SUMMARY, { ...gate, pausedUntil: NOW - 1 })).not.toBeNull();
    const quiet = { ...DEFAULT_ALERT_PREFERENCES, quietHours: { enabled: true, start: '14:00', end: '16:00' } };
    expect(catchUpToast(SUMMARY, { ...gate, prefs: quiet })).toBeNull();
    expect(catchUpToast(SUMMARY, { ...gate, prefs: quiet, now: NOW + 2 * 3_600_000 })).not.toBeNull();
  });

  it('is not one of the per-call kinds: shown with Call Start, missed and voicemail alerts all switched off', () => {
    const allOff = { ...DEFAULT_ALERT_PREFERENCES, onStart: false, onMissed: false, onVoicemail: false };
    expect(catchUpToast(SUMMARY, { ...gate, prefs: allOff })).not.toBeNull();
  });
});

describe('the notifier on the real change feed', () => {
  it('caught-up calls pop nothing, even one seen ringing; the run’s summary pops once, and its click opens the list', async () => {
    const opened: (number | null)[] = [];
    const notifier = notifierFor(opened, { prefs: { onMissed: true, onVoicemail: true } });
    const stops = [core.feed.onCall(notifier.onCall), core.feed.onCatchUp(notifier.onCatchUp)];
    // One call rang here (its Call Start webhook came) and only the API brought its missed outcome.
    const rang = spec(0, false);
    expect((await core.post(callDeliveries(rang).start)).status).toBe(200);
    expect(RecordingNotification.shown.map((n) => n.options.title)).toEqual(['Night caller 0']);
    const events = await caughtUp([rang, ...[1, 2, 3, 4, 5, 6].map((n) => spec(n, n % 3 !== 0))]);
    expect(events).toHaveLength(7);
    expect(events.every((e) => e.alert === null && e.fromCatchUp === true)).toBe(true);
    core.feed.emitCatchUp(SUMMARY);
    await new Promise((r) => setTimeout(r, 400));
    stops.forEach((stop) => stop());
    expect(RecordingNotification.shown.map((n) => n.options)).toEqual([
      expect.objectContaining({ title: 'Night caller 0' }),
      { title: '7 calls while this PC was off', body: '3 missed — open the call list', silent: false, timeoutType: 'never', icon: '/app/icon.png' },
    ]);
    RecordingNotification.shown[1]!.emit('click');
    expect(opened).toEqual([null]);
    notifier.dispose();
  });

  it('a summary while paused shows nothing, and one after the pause shows', () => {
    const paused = notifierFor([], { pausedUntil: NOW + 3_600_000 });
    paused.onCatchUp(SUMMARY);
    expect(RecordingNotification.shown).toHaveLength(0);
    paused.dispose();
    const later = notifierFor([], { pausedUntil: NOW + 3_600_000, now: NOW + 3_600_001 });
    later.onCatchUp(SUMMARY);
    expect(RecordingNotification.shown).toHaveLength(1);
    later.dispose();
  });

  it('does not hold back the next ringing call: a Call Start right after a summary pops at once', async () => {
    const notifier = notifierFor([]);
    const stops = [core.feed.onCall(notifier.onCall), core.feed.onCatchUp(notifier.onCatchUp)];
    core.feed.emitCatchUp(SUMMARY);
    const call = callDeliveries({
      telmetricsId: '4199000001',
      callerNumber: '4165550199',
      callerName: 'Morning caller',
      localStart: '2019-11-15T09:00:00',
      ringUtc: '2019-11-15T14:00:00.000',
    });
    expect((await core.post(call.start)).status).toBe(200);
    stops.forEach((stop) => stop());
    expect(RecordingNotification.shown.map((n) => n.options.title)).toEqual(['7 calls while this PC was off', 'Morning caller']);
    notifier.dispose();
  });
});
