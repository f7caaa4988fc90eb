// Time zones for the whole tree: which names are zones, a zone's offset at an instant, wall-clock time and
// calendar days in a zone, and back from wall-clock time to the instant. Every zone rule lives here, read
// from `Intl`; `zone` omitted means the machine's own zone, resolved on each call so a changed system zone
// is followed.

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter for an accepted zone name; throws a RangeError (as `Intl` does) for any other. */
function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    // Zone names are case-insensitive, so a caller could make endless spellings of one zone.
    if (formatters.size >= 1000) formatters.clear();
    formatters.set(zone, f);
  }
  return f;
}

/** Whether `zone` is an IANA zone name `Intl` accepts (`America/Toronto`, `UTC`, `Etc/GMT+5`); offsets like `+05:00` are not. */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z]/.test(zone)) return false;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The machine's own zone, as the runtime sees it now. */
export function machineTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The exact offset at an instant (offsets are whole seconds). Formatting an instant in a zone is slow next to a lookup. */
function offsetAt(utcMs: number, zone: string): number {
  const at = Math.floor(utcMs / 1000) * 1000;
  const parts = formatterFor(zone).formatToParts(at);
  const get = (type: string) => +(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - at;
}

// Offsets are cached per hour of UTC. Changes need not fall on any boundary (Newfoundland changed at 00:01
// local until 2011), but no zone changes twice within an hour: an hour that starts and ends on one offset
// has it throughout, and only an hour holding a change is read instant by instant.
const OFFSET_BUCKET_MS = 3_600_000;
const OFFSET_CACHE_LIMIT = 20_000;
/** zone → hour index → the hour's offset, or NaN for an hour in which the offset changes. */
const offsetCache = new Map<string, Map<number, number>>();
let cachedOffsets = 0;

/** Milliseconds to add to UTC to get the wall-clock time of `zone` at the instant `utcMs`. */
export function offsetMs(utcMs: number, zone: string = machineTimeZone()): number {
  const bucket = Math.floor(utcMs / OFFSET_BUCKET_MS);
  let zoneCache = offsetCache.get(zone);
  let offset = zoneCache?.get(bucket);
  if (offset === undefined) {
    const start = offsetAt(bucket * OFFSET_BUCKET_MS, zone);
    offset = start === offsetAt((bucket + 1) * OFFSET_BUCKET_MS, zone) ? start : Number.NaN;
    if (cachedOffsets >= OFFSET_CACHE_LIMIT) {
      offsetCache.clear();
      cachedOffsets = 0;
      zoneCache = undefined;
    }
    if (!zoneCache) offsetCache.set(zone, (zoneCache = new Map<number, number>()));
    zoneCache.set(bucket, offset);
    cachedOffsets++;
  }
  return Number.isNaN(offset) ? offsetAt(utcMs, zone) : offset;
}

/** The wall-clock time in `zone` at the instant `utcMs`. */
export function wallTimeAt(utcMs: number, zone?: string): WallTime {
  const d = new Date(utcMs + offsetMs(utcMs, zone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
}

/** "2019-11-15T09:09:54": the wall-clock time in `zone` at `utcMs`, to the second. */
export function wallClockText(utcMs: number, zone?: string): string {
  return new Date(utcMs + offsetMs(utcMs, zone)).toISOString().slice(0, 19);
}

/** "2019-11-15": the calendar day in `zone` at `utcMs`. */
export function localDay(utcMs: number, zone?: string): string {
  return wallClockText(utcMs, zone).slice(0, 10);
}

/** Minutes since midnight on the wall clock of `zone` at `utcMs`. */
export function minuteOfDay(utcMs: number, zone?: string): number {
  const wallMs = utcMs + offsetMs(utcMs, zone);
  return Math.floor((((wallMs % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);
}

/**
 * The UTC instant of a wall-clock time in `zone`. In the autumn overlap the earlier instant is taken; a time
 * in the spring gap is read with the offset before the change (as most clocks do).
 */
export function wallTimeToUtcMs(w: WallTime, zone: string): number {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
  const before = offsetMs(guess - DAY_MS, zone);
  const after = offsetMs(guess + DAY_MS, zone);
  const candidates = [guess - before, guess - after].sort((a, b) => a - b);
  for (const t of candidates) {
    if (offsetMs(t, zone) === guess - t) return t;
  }
  return guess - before;
}

/**
 * The first instant of the calendar day in `zone` that is `days` days after the one holding `utcMs`
 * (0: today's, 1: tomorrow's, -1: yesterday's). Days last 23 to 25 hours across daylight-saving changes; a
 * day whose midnight is skipped starts when its clock does, and a day skipped altogether (Samoa, 30 December
 * 2011) is no day: forward it starts with the next one, backward it is stepped over.
 */
export function startOfDay(utcMs: number, zone: string = machineTimeZone(), days = 0): number {
  if (days < 0) return startOfDay(startOfDay(utcMs, zone) - 1, zone, days + 1);
  const wall = wallTimeAt(utcMs, zone);
  return wallTimeToUtcMs({ year: wall.year, month: wall.month, day: wall.day + days, hour: 0, minute: 0, second: 0, millisecond: 0 }, zone);
}
