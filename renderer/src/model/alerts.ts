// Which streamed changes raise an alert in the window: the core's Call Start alert, (when the person asked
// for them) a call that has just turned out missed or went to voicemail, and a catch-up run's one summary.

import { inQuietHours, type AlertKind } from '../../../shared/alertPrefs';
import type { Alert, Call } from '../../../shared/domain';
import type { AlertPreferences, CallStreamEvent, CatchUpEvent } from '../../../shared/api';
import { alertFor } from '../../../shared/calls/alert';
import { rowOutcome, type RowOutcome } from '../format/callRow';

export interface WindowAlert {
  kind: AlertKind;
  callId: number;
  /** The call as the alert was raised (or as its name was changed since). */
  call: Call;
  alert: Alert;
}

/** The summary of calls fetched later: about the call list, not one call. */
export interface CatchUpAlert {
  kind: 'catch-up';
  callId: null;
  call: null;
  alert: Alert;
}

/** Quiet hours hold it back as they do any alert; the per-kind switches do not, since it is no Call Start (as on the desktop). */
export function catchUpWindowAlert(event: CatchUpEvent, prefs: AlertPreferences, now: number, timeZone?: string): CatchUpAlert | null {
  if (!event.alert || inQuietHours(prefs, now, timeZone)) return null;
  return { kind: 'catch-up', callId: null, call: null, alert: event.alert };
}

/**
 * `previous` is the outcome this window last saw for the call (undefined when it never saw the call): a
 * follow-up alert needs a seen change, so an old call updated again never alerts twice.
 */
export function windowAlertFor(event: CallStreamEvent, previous: RowOutcome | undefined, now: number): WindowAlert | null {
  const { call } = event;
  if (event.fromCatchUp || event.replayed) return null;
  // Said again here: the core words its alert in its own time zone, and a headless core may be on UTC.
  if (event.alert) return { kind: 'start', callId: call.id, call, alert: alertFor(call, { now }) };
  const outcome = rowOutcome(call, now);
  if (previous === undefined || previous === outcome || (outcome !== 'missed' && outcome !== 'voicemail')) return null;
  return { kind: outcome, callId: call.id, call, alert: followUp(call, outcome, now) };
}

function followUp(call: Call, outcome: 'missed' | 'voicemail', now: number): Alert {
  const title = `${outcome === 'missed' ? 'Missed call' : 'Voicemail'}: ${call.displayName}`;
  return { title, body: alertFor(call, { now }).body };
}

/**
 * A shown alert once its call changed who it names (a name saved, a line labelled): said again by the same
 * words the core uses, so the toast matches what the next pop would say. Any other change leaves it as raised.
 */
export function renamedAlert(shown: WindowAlert, call: Call, now: number): WindowAlert {
  const before = shown.call;
  if (before.id !== call.id) return shown;
  const same = (a: Call) => [a.displayName, a.contact?.name, a.contact?.note, a.lineLabel].join('\n');
  if (same(before) === same(call)) return shown;
  const alert = shown.kind === 'start' ? alertFor(call, { now }) : followUp(call, shown.kind, now);
  return { ...shown, call, alert };
}

const TOAST_MS = 12_000;

/** How long a toast stays by itself: a missed call or a voicemail needs action, so it stays until dismissed (null). */
export function toastLifetimeMs(kind: AlertKind | 'catch-up'): number | null {
  return kind === 'missed' || kind === 'voicemail' ? null : TOAST_MS;
}

/** The toasts kept, newest first, at most `max`: when too many, the oldest one that would time out goes first. */
export function keptToasts<T extends { kind: AlertKind | 'catch-up' }>(toasts: readonly T[], max: number): T[] {
  const kept = [...toasts];
  while (kept.length > max) {
    const fleeting = kept.findLastIndex((t) => toastLifetimeMs(t.kind) !== null);
    kept.splice(fleeting === -1 ? kept.length - 1 : fleeting, 1);
  }
  return kept;
}
