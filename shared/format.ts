// Dates and durations as a front-desk person reads them, in the PC's own zone unless one is given.

function dayKey(ms: number, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

/** "2:14 PM" today, "Yesterday", "Nov 12" this year, "Nov 12, 2024" before. */
export function formatWhen(iso: string, now: number, timeZone?: string, withTime = false): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const time = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(ms);
  const today = dayKey(now, timeZone);
  const day = dayKey(ms, timeZone);
  if (day === today) return withTime ? `today ${time}` : time;
  if (day === dayKey(now - 86_400_000, timeZone)) return withTime ? `yesterday ${time}` : 'Yesterday';
  const sameYear = day.slice(0, 4) === today.slice(0, 4);
  const date = new Intl.DateTimeFormat('en-US', {
    timeZone,
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(ms);
  return withTime ? `${date} ${time}` : date;
}

/** 7 → "0:07", 125 → "2:05", 3725 → "1:02:05". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || seconds < 0) return '';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
