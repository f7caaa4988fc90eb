import { describe, expect, it } from 'vitest';
import { alertWanted, DEFAULT_ALERT_PREFERENCES, inQuietHours, isClockTime } from '../../shared/alertPrefs';
import type { AlertPreferences } from '../../shared/api';
import { minuteOfDay } from '../../shared/timeZone';

const quiet = (start: string, end: string): AlertPreferences => ({
  ...DEFAULT_ALERT_PREFERENCES,
  quietHours: { enabled: true, start, end },
});
const at = (hhmm: string) => Date.parse(`2024-03-05T${hhmm}:00Z`);

describe('quiet hours', () => {
  it('wrap midnight: start inclusive, end exclusive', () => {
    const p = quiet('22:00', '07:00');
    expect(inQuietHours(p, at('21:59'), 'UTC')).toBe(false);
    expect(inQuietHours(p, at('22:00'), 'UTC')).toBe(true);
    expect(inQuietHours(p, at('03:00'), 'UTC')).toBe(true);
    expect(inQuietHours(p, at('06:59'), 'UTC')).toBe(true);
    expect(inQuietHours(p, at('07:00'), 'UTC')).toBe(false);
  });

  it('within one day', () => {
    const p = quiet('12:00', '13:30');
    expect(inQuietHours(p, at('11:59'), 'UTC')).toBe(false);
    expect(inQuietHours(p, at('13:29'), 'UTC')).toBe(true);
    expect(inQuietHours(p, at('13:30'), 'UTC')).toBe(false);
  });

  it('are read on the wall clock of the given zone', () => {
    expect(minuteOfDay(at('03:30'), 'America/Toronto')).toBe(22 * 60 + 30);
    expect(inQuietHours(quiet('22:00', '07:00'), at('14:00'), 'Asia/Tokyo')).toBe(true);
  });

  it('do nothing when disabled or empty', () => {
    expect(inQuietHours(DEFAULT_ALERT_PREFERENCES, at('23:00'), 'UTC')).toBe(false);
    expect(inQuietHours(quiet('08:00', '08:00'), at('08:00'), 'UTC')).toBe(false);
  });
});

describe('which alerts are wanted', () => {
  it('follows the per-kind switches and quiet hours', () => {
    expect(alertWanted(DEFAULT_ALERT_PREFERENCES, 'start', at('12:00'), 'UTC')).toBe(true);
    expect(alertWanted(DEFAULT_ALERT_PREFERENCES, 'missed', at('12:00'), 'UTC')).toBe(true);
    expect(alertWanted(DEFAULT_ALERT_PREFERENCES, 'voicemail', at('12:00'), 'UTC')).toBe(true);
    expect(alertWanted({ ...DEFAULT_ALERT_PREFERENCES, onMissed: false }, 'missed', at('12:00'), 'UTC')).toBe(false);
    expect(alertWanted(quiet('22:00', '07:00'), 'start', at('23:00'), 'UTC')).toBe(false);
  });

  it('accepts only HH:MM clock times', () => {
    expect(['00:00', '23:59', '07:30'].every(isClockTime)).toBe(true);
    expect(['24:00', '7:30', '07:60', '', '0730'].some(isClockTime)).toBe(false);
  });
});
