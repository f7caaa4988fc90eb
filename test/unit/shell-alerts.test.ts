// Desktop alerts: which call changes raise one, preferences, pause and quiet hours, burst coalescing, and
// the notifier keeping each native notification referenced until it is clicked or closed. Call changes
// come from the real core (real SQLite, real HTTP) fed the vendor's payload shapes; Electron's
// Notification class is replaced by RecordingNotification, which records what Electron would show.
// Hand-made calls (sampleCall, the Preprocessed seed folded) cover what the payload builders cannot send.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ALERT_PREFERENCES } from '../../shared/alertPrefs';
import type { AlertPreferences, CallStreamEvent } from '../../shared/api';
import {
  alertAllowed,
  alertForChange,
  burstAlert,
  burstTimeUp,
  IDLE,
  OutcomeMemory,
  summaryToast,
  type CallAlert,
} from '../../electron/shell/alertPolicy';
import { closeRemoves, KEEP_MS, MAX_KEPT, Notifier, timeoutOptions } from '../../electron/shell/notifier';
import type { Call } from '../../shared/domain';
import { apiAnswerBody, apiResult } from '../support/apiResults';
import { callDeliveries, type CallSpec } from '../support/payloads';
import { startTestCore, type TestCore } from '../support/core';
import { RecordingNotification } from '../support/recordingNotification';
import { sampleCall } from './renderer-fixtures';

const NOW = Date.parse('2026-03-10T15:00:00Z');

function spec(n: number, overrides: Partial<CallSpec> = {}): CallSpec {
  return {
    telmetricsId: String(3_000_000_000 + n),
    callerNumber: `41655501${String(n).padStart(2, '0')}`,
    callerName: `Caller ${n}`,
    city: 'Toronto',
    state: 'ON',
    localStart: '2019-11-15T09:09:54',
    ringUtc: '2019-11-15T14:09:46.100',
    ...overrides,
  };
}

/** Posts a delivery to the real core and returns the change events it published. */
async function deliver(core: TestCore, body: string): Promise<CallStreamEvent[]> {
  const events: CallStreamEvent[] = [];
  const stop = core.feed.onCall((e) => events.push(e));
  const res = await core.post(body);
  stop();
  expect(res.status).toBe(200);
  return events;
}

let core: TestCore;
beforeAll(async () => {
  core = await startTestCore();
});
afterAll(async () => {
  await core.stop();
});

describe('which call changes raise an alert', () => {
  it('a Call Start raises the core alert; a missed outcome seen happening raises a follow-up, once', async () => {
    const memory = new OutcomeMemory();
    const call = callDeliveries(spec(1, { answered: false }));
    const [started] = await deliver(core, call.start);
    const start = alertForChange(started!, memory, NOW, 'UTC');
    expect(start).toEqual({ kind: 'start', callId: started!.call.id, caller: 'Caller 1', title: started!.alert!.title, body: started!.alert!.body });
    expect(start!.title).toBe('Caller 1');
    expect(start!.body).toContain('Toronto, ON');

    const [ended] = await deliver(core, call.preprocessed);
    const missed = alertForChange(ended!, memory, NOW, 'UTC');
    expect(missed).toMatchObject({ kind: 'missed', callId: started!.call.id, caller: 'Caller 1', title: 'Missed call: Caller 1' });

    // Processed repeats the outcome: no second alert.
    const [processed] = await deliver(core, call.processed);
    expect(alertForChange(processed!, memory, NOW, 'UTC')).toBeNull();
  });

  it('a call change that came from the calls API (catch-up) raises nothing, even for a call seen ringing', async () => {
    const memory = new OutcomeMemory();
    const missed = spec(4, { answered: false });
    const [started] = await deliver(core, callDeliveries(missed).start);
    expect(alertForChange(started!, memory, NOW)?.kind).toBe('start');
    const fresh = spec(5, { answered: false });
    const answer = apiAnswerBody([apiResult(missed), apiResult(fresh)]);
    const caughtUp = await core.store.ingestApiAnswer({
      provider: 'marketing-edge',
      url: 'https://api.test/api/calls',
      status: 200,
      receivedAt: NOW,
      body: answer,
    });
    expect(caughtUp).toMatchObject({ added: 1, updated: 1, missed: 1 });
    expect(caughtUp.calls.map((e) => e.call.status)).toEqual(['processed', 'processed']);
    for (const event of caughtUp.calls) expect(alertForChange(event, memory, NOW)).toBeNull();
    // The outcome was still noted: the webhook that repeats it later is no news either.
    expect(alertForChange((await deliver(core, callDeliveries(missed).processed))[0]!, memory, NOW)).toBeNull();
  });

  it('an answered call raises no follow-up', async () => {
    const memory = new OutcomeMemory();
    const call = callDeliveries(spec(2, { answered: true }));
    expect(alertForChange((await deliver(core, call.start))[0]!, memory, NOW)?.kind).toBe('start');
    expect(alertForChange((await deliver(core, call.preprocessed))[0]!, memory, NOW)).toBeNull();
  });

  it('a missed call this session never saw ringing (an old call, or after a restart) raises nothing', async () => {
    const call = callDeliveries(spec(3, { answered: false }));
    const [ended] = await deliver(core, call.preprocessed);
    expect(alertForChange(ended!, new OutcomeMemory(), NOW)).toBeNull();
  });

  it('a voicemail after the missed outcome is news of its own', () => {
    const memory = new OutcomeMemory();
    const base: Partial<Call> = {
      id: 77,
      status: 'ended',
      answered: false,
      voicemail: null,
      callerName: 'Jane Roe',
      displayName: 'Jane Roe',
      callerNumber: '4165550199',
    };
    const event = (call: Partial<Call>): CallStreamEvent => ({ call: sampleCall(call), alert: null });
    memory.swap(77, 'ringing');
    expect(alertForChange(event(base), memory, NOW)?.kind).toBe('missed');
    expect(alertForChange(event({ ...base, status: 'processed', voicemail: true }), memory, NOW)).toMatchObject({
      kind: 'voicemail',
      title: 'Voicemail: Jane Roe',
    });
  });

  it('forgets the oldest calls beyond its capacity', () => {
    const memory = new OutcomeMemory(2);
    memory.swap(1, 'ringing');
    memory.swap(2, 'ringing');
    memory.swap(3, 'ringing');
    expect(memory.swap(1, 'missed')).toBeUndefined();
    expect(memory.swap(3, 'missed')).toBe('ringing');
  });
});

describe('preferences, pause and quiet hours', () => {
  const start: CallAlert = { kind: 'start', callId: 1, caller: 'A', title: 'A', body: '' };
  const missed: CallAlert = { kind: 'missed', callId: 1, caller: 'A', title: 'Missed call: A', body: '' };
  const prefs = (p: Partial<AlertPreferences> = {}): AlertPreferences => ({ ...DEFAULT_ALERT_PREFERENCES, ...p });

  it('follows the switch for each kind (missed and voicemail are on by default)', () => {
    expect(alertAllowed(start, { prefs: prefs(), pausedUntil: null, now: NOW })).toBe(true);
    expect(alertAllowed(missed, { prefs: prefs(), pausedUntil: null, now: NOW })).toBe(true);
    expect(alertAllowed(missed, { prefs: prefs({ onMissed: false }), pausedUntil: null, now: NOW })).toBe(false);
    expect(alertAllowed(start, { prefs: prefs({ onStart: false }), pausedUntil: null, now: NOW })).toBe(false);
  });

  it('stays silent while paused, and speaks again once the pause has ended', () => {
    expect(alertAllowed(start, { prefs: prefs(), pausedUntil: NOW + 1, now: NOW })).toBe(false);
    expect(alertAllowed(start, { prefs: prefs(), pausedUntil: NOW, now: NOW })).toBe(true);
  });

  it('stays silent in quiet hours across midnight, in the given zone', () => {
    const quiet = prefs({ quietHours: { enabled: true, start: '22:00', end: '07:00' } });
    const at = (iso: string) => alertAllowed(start, { prefs: quiet, pausedUntil: null, now: Date.parse(iso), timeZone: 'America/Toronto' });
    expect(at('2026-03-11T03:30:00Z')).toBe(false); // 23:30 Toronto
    expect(at('2026-03-11T10:59:00Z')).toBe(false); // 06:59
    expect(at('2026-03-11T11:00:00Z')).toBe(true); // 07:00
    expect(at('2026-03-11T01:59:00Z')).toBe(true); // 21:59
  });
});

describe('coalescing a burst', () => {
  const alert = (n: number, kind: CallAlert['kind'] = 'start'): CallAlert => ({
    kind,
    callId: n,
    caller: `Caller ${n}`,
    title: kind === 'start' ? `Caller ${n}` : `Missed call: Caller ${n}`,
    body: `body ${n}`,
  });

  it('shows the first call at once, holds the rest of the window, then sums them up: "3 new calls"', () => {
    let step = burstAlert(IDLE, alert(1), NOW);
    expect(step.show).toEqual([{ title: 'Caller 1', body: 'body 1', callId: 1 }]);
    expect(step.wakeAt).toBeNull();
    for (const n of [2, 3, 4]) {
      step = burstAlert(step.state, alert(n), NOW + n * 100);
      expect(step.show).toEqual([]);
      expect(step.wakeAt).toBe(NOW + 4000);
    }
    step = burstTimeUp(step.state, NOW + 4000);
    expect(step.show).toEqual([{ title: '3 new calls', body: 'Caller 2, Caller 3, Caller 4', callId: null }]);
    // A new window opened with the summary: a fifth call right after is held too.
    expect(burstAlert(step.state, alert(5), NOW + 4100).show).toEqual([]);
  });

  it('shows a lone held call as itself, and an alert after a quiet window at once', () => {
    let step = burstAlert(IDLE, alert(1), NOW);
    step = burstAlert(step.state, alert(2), NOW + 500);
    step = burstTimeUp(step.state, NOW + 4000);
    expect(step.show).toEqual([{ title: 'Caller 2', body: 'body 2', callId: 2 }]);
    step = burstTimeUp(step.state, NOW + 8000);
    expect(step).toEqual({ state: IDLE, show: [], wakeAt: null });
    expect(burstAlert(step.state, alert(3), NOW + 9000).show).toHaveLength(1);
  });

  it('names three callers and counts the rest, by kind', () => {
    expect(summaryToast([alert(1), alert(2), alert(3), alert(4), alert(5, 'missed'), alert(1, 'missed')])).toEqual({
      title: '4 new calls, 2 missed calls',
      body: 'Caller 1, Caller 2, Caller 3 and 2 more',
      callId: null,
      untilDismissed: true,
    });
    expect(summaryToast([alert(1, 'voicemail'), alert(2)]).title).toBe('1 new call, 1 voicemail');
    expect(summaryToast([alert(1), alert(2)])).not.toHaveProperty('untilDismissed');
  });

  it('a missed call or voicemail stays until dismissed; a Call Start times out as usual', () => {
    expect(burstAlert(IDLE, alert(1, 'missed'), NOW).show).toEqual([
      { title: 'Missed call: Caller 1', body: 'body 1', callId: 1, untilDismissed: true },
    ]);
    expect(burstAlert(IDLE, { ...alert(2, 'voicemail'), title: 'Voicemail: Caller 2' }, NOW).show[0]!.untilDismissed).toBe(true);
    expect(burstAlert(IDLE, alert(3), NOW).show[0]).not.toHaveProperty('untilDismissed');
    const step = burstAlert(burstAlert(IDLE, alert(4), NOW).state, alert(5, 'missed'), NOW + 10);
    expect(burstTimeUp(step.state, NOW + 4000).show).toEqual([{ title: 'Missed call: Caller 5', body: 'body 5', callId: 5, untilDismissed: true }]);
  });

  it('asks Windows and Linux to keep such a toast (timeoutType never); macOS follows the alert style the person chose', () => {
    expect(timeoutOptions({ untilDismissed: true }, 'win32')).toEqual({ timeoutType: 'never' });
    expect(timeoutOptions({ untilDismissed: true }, 'linux')).toEqual({ timeoutType: 'never' });
    expect(timeoutOptions({ untilDismissed: true }, 'darwin')).toEqual({});
    expect(timeoutOptions({}, 'win32')).toEqual({});
  });
});

function notifierFor(
  opened: (number | null)[],
  overrides: {
    prefs?: Partial<AlertPreferences>;
    pausedUntil?: number | null;
    burstMs?: number;
    platform?: NodeJS.Platform;
    now?: () => number;
  } = {},
) {
  RecordingNotification.shown = [];
  return new Notifier({
    create: (options) => new RecordingNotification(options),
    open: (id) => opened.push(id),
    preferences: () => ({ ...DEFAULT_ALERT_PREFERENCES, ...overrides.prefs }),
    pausedUntil: () => overrides.pausedUntil ?? null,
    icon: '/app/icon.png',
    burstMs: overrides.burstMs ?? 300,
    timeZone: 'UTC',
    platform: overrides.platform ?? 'linux',
    ...(overrides.now ? { now: overrides.now } : {}),
  });
}

/** A Call Start for call `n`, straight to the notifier. */
function fireRinging(notifier: Notifier, n: number): void {
  notifier.onCall({ call: sampleCall({ id: n, status: 'ringing', answered: null, callerName: `C${n}` }), alert: { title: `C${n}`, body: '' } });
}

describe('the notifier on the real change feed', () => {
  it('pops the Call Start within the same second the webhook arrives, and a click opens that call', async () => {
    const opened: (number | null)[] = [];
    const notifier = notifierFor(opened);
    const ids: number[] = [];
    const stops = [core.feed.onCall(notifier.onCall), core.feed.onCall((e) => ids.push(e.call.id))];
    const sent = performance.now();
    const res = await core.post(callDeliveries(spec(10)).start);
    stops.forEach((stop) => stop());
    expect(res.status).toBe(200);
    const [toast] = RecordingNotification.shown;
    expect(toast!.options).toMatchObject({ title: 'Caller 10', silent: false, icon: '/app/icon.png' });
    expect(toast!.options.body).toContain('(416) 555-0110');
    expect(toast!.shownAt - sent).toBeLessThan(1000);
    expect(notifier.keptCount).toBe(1);
    toast!.emit('click');
    expect(ids).toHaveLength(1);
    expect(opened).toEqual(ids);
    expect(notifier.keptCount).toBe(0);
    notifier.dispose();
  });

  it('macOS and Linux: keeps every notification referenced until it is clicked, closed or fails', () => {
    const notifier = notifierFor([], { burstMs: 0 });
    for (const n of [1, 2, 3]) fireRinging(notifier, n);
    expect(RecordingNotification.shown).toHaveLength(3);
    expect(notifier.keptCount).toBe(3);
    RecordingNotification.shown[0]!.emit('close');
    RecordingNotification.shown[1]!.emit('failed', {}, 'no notification server');
    expect(notifier.keptCount).toBe(1);
    RecordingNotification.shown[2]!.emit('click');
    expect(notifier.keptCount).toBe(0);
    notifier.dispose();
  });

  it('"close" releases a notification only where the platform removes it then', () => {
    expect(closeRemoves('win32')).toBe(false);
    expect(closeRemoves('darwin')).toBe(true);
    expect(closeRemoves('linux')).toBe(true);
  });

  it('Windows: a toast closed by its timeout stays in the Action Center, and a click there still opens the call', () => {
    const opened: (number | null)[] = [];
    let clock = NOW;
    const notifier = notifierFor(opened, { burstMs: 0, platform: 'win32', now: () => clock });
    fireRinging(notifier, 7);
    const [toast] = RecordingNotification.shown;
    toast!.emit('close');
    expect(notifier.keptCount).toBe(1);
    clock += 2 * 24 * 3_600_000;
    toast!.emit('click');
    expect(opened).toEqual([7]);
    expect(notifier.keptCount).toBe(0);
    notifier.dispose();
  });

  it('Windows: drops toasts older than the Action Center keeps them (3 days), and never keeps more than 100', () => {
    let clock = NOW;
    const notifier = notifierFor([], { burstMs: 0, platform: 'win32', now: () => clock });
    for (const n of [1, 2]) fireRinging(notifier, n);
    clock += KEEP_MS - 1;
    fireRinging(notifier, 3);
    expect(notifier.keptCount).toBe(3);
    clock += 1;
    fireRinging(notifier, 4);
    expect(notifier.keptCount).toBe(2);
    for (let n = 10; n < 140; n++) fireRinging(notifier, n);
    expect(notifier.keptCount).toBe(MAX_KEPT);
    expect(MAX_KEPT).toBe(100);
    notifier.dispose();
  });

  it('coalesces a burst of real calls into one summary after the first, and a summary click opens the list', async () => {
    const opened: (number | null)[] = [];
    const notifier = notifierFor(opened, { burstMs: 1000 });
    const stop = core.feed.onCall(notifier.onCall);
    await core.post(callDeliveries(spec(20)).start);
    await Promise.all([21, 22, 23, 24].map((n) => core.post(callDeliveries(spec(n)).start)));
    expect(RecordingNotification.shown.map((n) => n.options.title)).toEqual(['Caller 20']);
    // The summary is due 1 s after the first (room for four posts on a loaded machine), or later, never earlier.
    await vi.waitFor(() => expect(RecordingNotification.shown).toHaveLength(2), { timeout: 5000, interval: 25 });
    stop();
    const titles = RecordingNotification.shown.map((n) => n.options.title);
    expect(titles).toEqual(['Caller 20', '4 new calls']);
    expect(RecordingNotification.shown[1]!.options.body).toMatch(/^Caller 2[1-4], Caller 2[1-4], Caller 2[1-4] and 1 more$/);
    RecordingNotification.shown[1]!.emit('click');
    expect(opened).toEqual([null]);
    notifier.dispose();
  });

  it('a real missed call raises a notification that stays until dismissed, with the default preferences', async () => {
    const opened: (number | null)[] = [];
    const notifier = notifierFor(opened, { burstMs: 0 });
    const stop = core.feed.onCall(notifier.onCall);
    const call = callDeliveries(spec(40, { answered: false }));
    await core.post(call.start);
    await core.post(call.preprocessed);
    stop();
    const [ringing, missed] = RecordingNotification.shown;
    expect(ringing!.options).not.toHaveProperty('timeoutType');
    expect(missed!.options).toMatchObject({ title: 'Missed call: Caller 40', timeoutType: 'never' });
    missed!.emit('click');
    expect(opened).toHaveLength(1);
    notifier.dispose();
  });

  it('shows nothing while paused or for kinds switched off', async () => {
    const paused = notifierFor([], { pausedUntil: Date.now() + 60_000 });
    const off = notifierFor([], { prefs: { onStart: false } });
    const stop = [core.feed.onCall(paused.onCall), core.feed.onCall(off.onCall)];
    await core.post(callDeliveries(spec(30)).start);
    stop.forEach((s) => s());
    expect(RecordingNotification.shown).toEqual([]);
    paused.dispose();
    off.dispose();
  });
});
