import { describe, expect, it } from 'vitest';
import type { FollowUp } from '../../shared/domain';
import {
  cutText,
  doneToday,
  entryNumber,
  entrySummary,
  entryVoicemail,
  peopleText,
  resolutionText,
  startsOnCallBacks,
  telHref,
  whenText,
  withChangedEntries,
  withFollowUpsPush,
} from '../../renderer/src/model/callBacks';
import { keptToasts, toastLifetimeMs } from '../../renderer/src/model/alerts';
import { formatRoute, NO_FILTERS, parseRoute } from '../../renderer/src/model/route';
import { sampleCall } from './renderer-fixtures';

// vitest runs with TZ=UTC; the zone is given anyway where the words depend on it.
const NOW = Date.parse('2024-03-05T20:00:00Z');
const ZONE = 'America/Toronto';

function entry(overrides: Partial<FollowUp> = {}): FollowUp {
  return {
    id: 7,
    callerNumber: '9055802958',
    displayName: 'Priya Patel',
    calls: 1,
    lastCallAt: '2024-03-05T19:14:00Z',
    lastCallId: 7,
    callIds: [7],
    reason: 'missed',
    state: 'open',
    doneAt: null,
    doneBy: null,
    resolution: null,
    note: null,
    reachedCallId: null,
    ...overrides,
  };
}

describe('what a call-back entry says', () => {
  it('counts the calls and gives the last one to the minute', () => {
    expect(entrySummary(entry({ calls: 3 }), NOW, ZONE)).toBe('3 missed calls, last 2:14 PM');
    expect(entrySummary(entry(), NOW, ZONE)).toBe('Missed call, 2:14 PM');
    expect(entrySummary(entry({ reason: 'voicemail', lastCallAt: '2024-03-05T14:05:00Z' }), NOW, ZONE)).toBe('Voicemail, 9:05 AM');
    expect(entrySummary(entry({ reason: 'voicemail', calls: 2 }), NOW, ZONE)).toBe('2 calls with a voicemail, last 2:14 PM');
  });

  it('keeps the time on calls before today', () => {
    expect(whenText('2024-03-04T19:14:00Z', NOW, ZONE)).toBe('yesterday 2:14 PM');
    expect(whenText('2024-02-28T19:14:00Z', NOW, ZONE)).toBe('Feb 28 2:14 PM');
    expect(whenText('not a date', NOW, ZONE)).toBe('');
  });

  it('says how an entry closed and by whom', () => {
    expect(resolutionText(entry(), NOW, ZONE)).toBeNull();
    const reached = entry({ state: 'done', resolution: 'reached-later', doneAt: '2024-03-05T19:40:00Z', reachedCallId: 9 });
    expect(resolutionText(reached, NOW, ZONE)).toBe('Reached on a later call, 2:40 PM');
    const marked = entry({ state: 'done', resolution: 'marked', doneAt: '2024-03-05T19:45:00Z', doneBy: 'Front desk' });
    expect(resolutionText(marked, NOW, ZONE)).toBe('Marked done by Front desk, 2:45 PM');
    expect(resolutionText({ ...marked, doneBy: null }, NOW, ZONE)).toBe('Marked done, 2:45 PM');
  });

  it('lists only the entries done on the PC’s today, newest first', () => {
    const early = entry({ id: 1, state: 'done', doneAt: '2024-03-05T13:00:00Z' });
    const late = entry({ id: 2, state: 'done', doneAt: '2024-03-05T19:00:00Z' });
    // 02:00 UTC on the 5th is still the 4th in Toronto.
    const lastNight = entry({ id: 3, state: 'done', doneAt: '2024-03-05T02:00:00Z' });
    expect(doneToday([early, entry({ id: 4 }), lastNight, late], NOW, ZONE).map((e) => e.id)).toEqual([2, 1]);
  });

  it('dials North American numbers with +1 and refuses what is not a number', () => {
    expect(telHref('9055802958')).toBe('tel:+19055802958');
    expect(telHref('441632960961')).toBe('tel:+441632960961');
    expect(telHref('5551234')).toBe('tel:5551234');
    expect(telHref('')).toBeNull();
    expect(telHref('javascript:alert(1)')).toBeNull();
  });

  it('shows the number beside a name, not twice', () => {
    expect(entryNumber(entry())).toBe('(905) 580-2958');
    expect(entryNumber(entry({ displayName: '(905) 580-2958' }))).toBeNull();
  });
});

describe('the voicemail of an entry', () => {
  it('is its newest call that left one', () => {
    const calls = new Map([
      [9, sampleCall({ id: 9, voicemail: false })],
      [8, sampleCall({ id: 8, voicemail: true })],
      [7, sampleCall({ id: 7, voicemail: true })],
    ]);
    expect(entryVoicemail(entry({ callIds: [9, 8, 7] }), calls)?.id).toBe(8);
    expect(entryVoicemail(entry({ callIds: [9] }), calls)).toBeNull();
  });
});

describe('the pushed changes and the first view', () => {
  it('moves a changed entry between the open and done lists, newest last call first', () => {
    const a = entry({ id: 1, lastCallAt: '2024-03-05T10:00:00Z' });
    const b = entry({ id: 2, lastCallAt: '2024-03-05T12:00:00Z' });
    const bDone = { ...b, state: 'done' as const, doneAt: '2024-03-05T13:00:00Z' };
    const c = entry({ id: 3, lastCallAt: '2024-03-05T11:00:00Z' });
    expect(withChangedEntries([b, a], [bDone, c], 'open').map((e) => e.id)).toEqual([3, 1]);
    expect(withChangedEntries([], [bDone, c], 'done')).toEqual([bDone]);
  });

  it('a list cut at the most recent takes in no changed entry from beyond the cut', () => {
    const newest = entry({ id: 1, lastCallAt: '2024-03-05T12:00:00Z' });
    const oldestListed = entry({ id: 2, lastCallAt: '2024-03-05T10:00:00Z' });
    const beyond = entry({ id: 3, lastCallAt: '2024-03-05T09:00:00Z', displayName: 'Renamed' });
    const fresh = entry({ id: 4, lastCallAt: '2024-03-05T13:00:00Z' });
    expect(withChangedEntries([newest, oldestListed], [beyond, fresh], 'open', true).map((e) => e.id)).toEqual([4, 1, 2]);
    expect(withChangedEntries([newest, oldestListed], [beyond], 'open', false).map((e) => e.id)).toEqual([1, 2, 3]);
    expect(withChangedEntries([], [beyond], 'open', true)).toEqual([beyond]);
    // A push brings the count as it now stands; the open list was cut when it held fewer than were open.
    const answer = { followUps: [newest, oldestListed], open: 3, building: false };
    expect(withFollowUpsPush(answer, { open: 4, changed: [beyond, fresh], building: false }, 'open')).toEqual({
      followUps: [fresh, newest, oldestListed],
      open: 4,
      building: false,
    });
    expect(withFollowUpsPush({ ...answer, open: 2 }, { open: 4, changed: [beyond], building: false }, 'open').followUps).toHaveLength(3);
  });

  it('counts everyone open, and says when the list shows only the most recent', () => {
    expect(peopleText(1)).toBe('1 person');
    expect(peopleText(812)).toBe('812 people');
    expect(cutText(500, 812)).toBe('Showing the 500 most recent of 812. The 312 older ones come up here as these are done.');
    expect(cutText(500, 501)).toBe('Showing the 500 most recent of 501. The 1 older one comes up here as these are done.');
    expect(cutText(500, 500)).toBeNull();
    expect(cutText(3, 2)).toBeNull();
  });

  it('opens on the call-backs only at a plain start with someone to call back', () => {
    expect(startsOnCallBacks('', 2)).toBe(true);
    expect(startsOnCallBacks('#/calls', 1)).toBe(true);
    expect(startsOnCallBacks('', 0)).toBe(false);
    expect(startsOnCallBacks('#/calls?call=4', 2)).toBe(false);
    expect(startsOnCallBacks('#/settings', 2)).toBe(false);
  });

  it('keeps the view in the address', () => {
    expect(parseRoute('#/call-backs')).toEqual({ view: 'call-backs', filters: NO_FILTERS, callId: null });
    expect(formatRoute({ view: 'call-backs', filters: { ...NO_FILTERS, q: 'x' }, callId: 3 })).toBe('#/call-backs');
  });
});

describe('toasts that last', () => {
  it('keeps missed-call and voicemail toasts until dismissed; Call Start and catch-up ones time out', () => {
    expect(toastLifetimeMs('missed')).toBeNull();
    expect(toastLifetimeMs('voicemail')).toBeNull();
    expect(toastLifetimeMs('start')).toBe(12_000);
    expect(toastLifetimeMs('catch-up')).toBe(12_000);
  });

  it('drops the oldest fleeting toast first when too many are up', () => {
    const t = (key: number, kind: 'start' | 'missed' | 'voicemail') => ({ key, kind });
    const newestFirst = [t(6, 'start'), t(5, 'missed'), t(4, 'start'), t(3, 'voicemail'), t(2, 'start'), t(1, 'missed')];
    expect(keptToasts(newestFirst, 4).map((x) => x.key)).toEqual([6, 5, 3, 1]);
    // Only lasting ones: the oldest goes.
    expect(keptToasts([t(3, 'missed'), t(2, 'missed'), t(1, 'voicemail')], 2).map((x) => x.key)).toEqual([3, 2]);
  });
});
