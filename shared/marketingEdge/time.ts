// The vendor's timestamps carry no offset. Some are UTC, some are wall-clock time in the call's `TimeZone`.
// Everything here works on the text itself: an offset-less string must never reach `new Date(text)`,
// which would read it as the machine's local time.

import { isTimeZone, wallTimeToUtcMs, type WallTime } from '../timeZone';

export interface ParsedTimestamp {
  wall: WallTime;
  /** Offset in minutes when the text carried one (`Z`, `+05:00`), else null. */
  offsetMinutes: number | null;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;

/** Reads `2019-11-15T14:09:45.591`, `2019-11-15 14:09:45Z`, `4/30/2021 1:31:38 PM`; null for anything else. */
export function parseTimestamp(text: string): ParsedTimestamp | null {
  const s = text.trim();
  let wall: WallTime;
  let offsetMinutes: number | null = null;
  const iso = ISO.exec(s);
  if (iso) {
    wall = {
      year: +iso[1]!,
      month: +iso[2]!,
      day: +iso[3]!,
      hour: +iso[4]!,
      minute: +iso[5]!,
      second: iso[6] ? +iso[6] : 0,
      millisecond: iso[7] ? Math.floor(+`0.${iso[7]}` * 1000 + 1e-6) : 0,
    };
    const zone = iso[8];
    if (zone) {
      if (zone.toUpperCase() === 'Z') offsetMinutes = 0;
      else {
        const digits = zone.replace(':', '');
        const sign = digits[0] === '-' ? -1 : 1;
        offsetMinutes = sign * (+digits.slice(1, 3) * 60 + +digits.slice(3, 5));
      }
    }
  } else {
    const us = US.exec(s);
    if (!us) return null;
    let hour = us[4] ? +us[4] : 0;
    const meridiem = us[7]?.toUpperCase();
    if (meridiem) {
      if (hour < 1 || hour > 12) return null;
      if (meridiem === 'AM' && hour === 12) hour = 0;
      if (meridiem === 'PM' && hour !== 12) hour += 12;
    }
    wall = {
      year: +us[3]!,
      month: +us[1]!,
      day: +us[2]!,
      hour,
      minute: us[5] ? +us[5] : 0,
      second: us[6] ? +us[6] : 0,
      millisecond: 0,
    };
  }
  return isValidWallTime(wall) ? { wall, offsetMinutes } : null;
}

function isValidWallTime(w: WallTime): boolean {
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.hour > 23 || w.minute > 59 || w.second > 59) return false;
  const daysInMonth = new Date(Date.UTC(w.year, w.month, 0)).getUTCDate();
  return w.day <= daysInMonth;
}

function wallAsUtcMs(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
}

// The vendor documents Eastern, Central, Mountain and Pacific; the rest are the North American zones a
// customer's tracking numbers may plausibly use, plus Windows-style names.
const VENDOR_ZONES: Record<string, string> = {
  eastern: 'America/New_York',
  central: 'America/Chicago',
  mountain: 'America/Denver',
  pacific: 'America/Los_Angeles',
  atlantic: 'America/Halifax',
  newfoundland: 'America/St_Johns',
  alaska: 'America/Anchorage',
  alaskan: 'America/Anchorage',
  hawaii: 'Pacific/Honolulu',
  hawaiian: 'Pacific/Honolulu',
  hawaiialeutian: 'Pacific/Honolulu',
  arizona: 'America/Phoenix',
  usmountain: 'America/Phoenix',
  saskatchewan: 'America/Regina',
  canadacentral: 'America/Regina',
  utc: 'UTC',
  gmt: 'UTC',
};

/** The IANA zone for a vendor `TimeZone` value (`Eastern`, `Pacific Standard Time`, `America/Denver`…), or null. */
export function ianaZoneFor(vendorZone: string | null | undefined): string | null {
  if (!vendorZone) return null;
  const raw = vendorZone.trim();
  if (raw.includes('/') && isTimeZone(raw)) return raw;
  const key = raw
    .toLowerCase()
    .replace(/\b(standard|daylight)\b/g, '')
    .replace(/\btime\b/g, '')
    .replace(/\bzone\b/g, '')
    .replace(/[^a-z]/g, '');
  return VENDOR_ZONES[key] ?? null;
}

export function toIsoUtc(ms: number): string {
  return new Date(ms).toISOString();
}

/** A timestamp the vendor sends as UTC (CallDate, MonitorStartTime, Properties.UTC) → ISO 8601 with `Z`. */
export function utcTimestampToIso(text: string | null): string | null {
  if (!text) return null;
  const parsed = parseTimestamp(text);
  if (!parsed) return null;
  return toIsoUtc(wallAsUtcMs(parsed.wall) - (parsed.offsetMinutes ?? 0) * 60000);
}

/**
 * A wall-clock timestamp in the call's zone (StartTime, AnswerTime, EndTime) → ISO 8601 UTC, or null when
 * the text is unreadable or the zone unknown (the caller decides what to fall back on).
 */
export function localTimestampToIso(text: string | null, ianaZone: string | null): string | null {
  if (!text) return null;
  const parsed = parseTimestamp(text);
  if (!parsed) return null;
  if (parsed.offsetMinutes !== null) return toIsoUtc(wallAsUtcMs(parsed.wall) - parsed.offsetMinutes * 60000);
  if (!ianaZone) return null;
  return toIsoUtc(wallTimeToUtcMs(parsed.wall, ianaZone));
}
