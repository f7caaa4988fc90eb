// Alert preferences: which calls raise an alert and the quiet hours when none does. Shared by the desktop
// notifier and the browser window, so both stay silent at the same times.

import type { AlertPreferences } from './api';
import { CLOCK_TIME } from './contract/schemas';
import { minuteOfDay } from './timeZone';

/** Missed calls and voicemails are on: they are the calls someone must act on. Saved preferences are kept as saved. */
export const DEFAULT_ALERT_PREFERENCES: AlertPreferences = {
  onStart: true,
  onMissed: true,
  onVoicemail: true,
  quietHours: { enabled: false, start: '22:00', end: '07:00' },
};

export type AlertKind = 'start' | 'missed' | 'voicemail';

export function isClockTime(value: string): boolean {
  return CLOCK_TIME.test(value);
}

function minutesOf(hhmm: string): number {
  const m = CLOCK_TIME.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

/** Quiet hours may wrap midnight (22:00–07:00); start is inclusive, end exclusive; start = end means never. */
export function inQuietHours(prefs: AlertPreferences, now: number, timeZone?: string): boolean {
  if (!prefs.quietHours.enabled) return false;
  const start = minutesOf(prefs.quietHours.start);
  const end = minutesOf(prefs.quietHours.end);
  const t = minuteOfDay(now, timeZone);
  if (start === end) return false;
  return start < end ? t >= start && t < end : t >= start || t < end;
}

export function alertWanted(prefs: AlertPreferences, kind: AlertKind, now: number, timeZone?: string): boolean {
  const enabled = kind === 'start' ? prefs.onStart : kind === 'missed' ? prefs.onMissed : prefs.onVoicemail;
  return enabled && !inQuietHours(prefs, now, timeZone);
}
