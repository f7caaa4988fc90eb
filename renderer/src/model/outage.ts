// The gap the last catch-up run filled, in a sentence for the front desk, and whether it is still worth showing.

import type { CatchUpStatus } from '../../../shared/api';
import { formatClock } from '../../../shared/format';
import { localDay } from '../../../shared/timeZone';

export type Outage = NonNullable<CatchUpStatus['lastOutage']>;

const DAY_MS = 86_400_000;

/** A notice about last night is news the next morning, not a week later. */
export const OUTAGE_SHOWN_FOR_MS = DAY_MS;

/** Same day or one night: the times alone read best ("6:02 PM to 8:41 AM"); longer gaps need the days. */
const OVERNIGHT_MS = 16 * 3_600_000;

function when(ms: number, withDay: boolean, timeZone: string | undefined): string {
  if (!withDay) return formatClock(ms, timeZone);
  const day = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric' }).format(ms);
  return `${day}, ${formatClock(ms, timeZone)}`;
}

const calls = (n: number) => (n === 1 ? '1 call was' : `${n} calls were`);

/** "This PC was off from 6:02 PM to 8:41 AM; 7 calls were fetched from Marketing Edge (3 missed)." */
export function outageSentence(outage: Outage, vendor: string, timeZone?: string): string {
  const from = Date.parse(outage.from);
  const to = Date.parse(outage.to);
  const withDay = localDay(from, timeZone) !== localDay(to, timeZone) && to - from > OVERNIGHT_MS;
  const span = `This PC was off from ${when(from, withDay, timeZone)} to ${when(to, withDay, timeZone)}`;
  if (outage.fetched === 0) return `${span}; ${vendor} lists no calls for that time.`;
  return `${span}; ${calls(outage.fetched)} fetched from ${vendor}${outage.missed > 0 ? ` (${outage.missed} missed)` : ''}.`;
}

/** Shown until dismissed, for a day after the PC came back. */
export function outageShown(outage: Outage | null, dismissedKey: string | null, now: number): outage is Outage {
  if (!outage || outageKey(outage) === dismissedKey) return false;
  return now - Date.parse(outage.to) < OUTAGE_SHOWN_FOR_MS;
}

export function outageKey(outage: Outage): string {
  return `${outage.from}/${outage.to}`;
}
