// What is decided about each call of a generated history before its webhooks are written: when it rings,
// which tracking number it reaches, who calls and how it goes. Planning is sequential and cheap; building the
// webhooks from a plan (callWebhooks.ts) is the expensive part and depends on the plan alone.

import { ADS, ADVERTISERS, FIRST_NAMES, LAST_NAMES, MARKETS, PLACEHOLDER_NAMES, STREETS, type Market, type Place } from './corpus';
import { Random } from './random';

export interface HistoryOptions {
  calls: number;
  seed: number;
  /** The history ends here (UTC ms); the default is fixed so a seed always gives the same database. */
  endMs?: number;
  years?: number;
}

export const DEFAULT_END_MS = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;

export interface TrackingNumber {
  number: string;
  market: Market;
  studyId: number;
  adDefinitionId: number;
  adName: string;
  advertiserId: number;
  advertiserName: string;
  orgGroupId: number;
  orgGroupName: string;
}

export interface Caller {
  number: string;
  place: Place;
  first: string;
  last: string;
  /** What the carrier's caller ID shows on Call Start. */
  cnam: string;
  /** Whether the vendor's enrichment finds the name (Preprocessed/Processed CallerName). */
  enriched: boolean;
  street: string | null;
  zip: string | null;
}

export type Outcome = 'answered' | 'missed' | 'voicemail';

/** Everything decided about a call before its webhooks are written. */
export interface CallPlan {
  ringMs: number;
  tracking: number;
  caller: Caller;
  outcome: Outcome;
  telmetricsId: number;
  /** The history's seed and the call's number in it: together they seed the call's own details (times,
   * attribution, transcript), so building a call needs nothing but its plan. */
  seed: number;
  index: number;
}

/** The advertiser's tracking numbers: the same for a given seed. */
export function trackingNumbers(seed: number): TrackingNumber[] {
  const r = new Random(seed ^ 0x5bd1e995);
  const out: TrackingNumber[] = [];
  let study = 8_470_718;
  let ad = 4_250_816;
  for (const market of MARKETS) {
    for (const adName of r.shuffle(ADS).slice(0, 8)) {
      const tollFree = r.chance(0.3);
      const areaCode = tollFree ? r.pick(['800', '833', '844', '855', '866', '877', '888']) : r.pick(market.places[0]!.areaCodes);
      const advertiser = r.int(0, ADVERTISERS.length - 1);
      out.push({
        number: `${areaCode}${r.int(2, 9)}${r.digits(6)}`,
        market,
        studyId: study++,
        adDefinitionId: ad++,
        adName,
        advertiserId: 5_969_255 + advertiser,
        advertiserName: ADVERTISERS[advertiser]!,
        orgGroupId: 4062,
        orgGroupName: market.name === 'Toronto' ? 'Telmetrics Demo' : `Always Comfort ${market.name}`,
      });
    }
  }
  return out;
}

/** Decides, call after call in time order, when each call rings, who calls which number and how it goes. */
export class HistoryPlanner {
  readonly tracking: TrackingNumber[];
  private readonly rng: Random;
  private readonly callers: Caller[] = [];
  private readonly dayCounts: number[];
  private readonly firstDayMs: number;
  private day = 0;
  private pending: number[] = [];
  private telmetricsId = 2_079_571_437;
  private planned = 0;

  constructor(private readonly options: HistoryOptions) {
    this.rng = new Random(options.seed);
    this.tracking = trackingNumbers(options.seed);
    const endMs = options.endMs ?? DEFAULT_END_MS;
    const days = Math.max(1, Math.round((options.years ?? 2) * 365));
    this.firstDayMs = Math.floor(endMs / DAY_MS) * DAY_MS - days * DAY_MS;
    this.dayCounts = spreadOverDays(options.calls, days, this.firstDayMs);
  }

  get total(): number {
    return this.options.calls;
  }

  /** The next call of the history, or null when all have been planned. */
  next(): CallPlan | null {
    if (this.planned >= this.options.calls || !this.nextDayTimes()) return null;
    const index = this.planned++;
    const r = this.rng;
    const tracking = r.zipfIndex(this.tracking.length, 0.5);
    this.telmetricsId += r.int(1, 40);
    return {
      ringMs: this.pending.pop()!,
      tracking,
      caller: this.caller(this.tracking[tracking]!.market),
      outcome: r.chance(0.68) ? 'answered' : r.chance(0.62) ? 'missed' : 'voicemail',
      telmetricsId: this.telmetricsId,
      seed: this.options.seed,
      index,
    };
  }

  /** Ring times (UTC ms) of the next day with calls, kept in reverse order so `pop` gives the earliest. */
  private nextDayTimes(): boolean {
    while (this.day < this.dayCounts.length && this.pending.length === 0) {
      const count = this.dayCounts[this.day]!;
      const dayStart = this.firstDayMs + this.day * DAY_MS;
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        const r = this.rng;
        // 13:00–24:00 UTC is 8 am–7 pm Eastern and 6 am–4 pm Pacific; the rest is spread over the whole day.
        const offset = r.chance(0.88) ? 13 * 3_600_000 + r.float() * 11 * 3_600_000 : r.float() * DAY_MS;
        times.push(dayStart + Math.floor(offset));
      }
      this.pending = times.sort((a, b) => b - a);
      this.day++;
    }
    return this.pending.length > 0;
  }

  /** A fifth of calls come from someone who called before, most often recently. */
  private caller(market: Market): Caller {
    const r = this.rng;
    if (this.callers.length > 100 && r.chance(0.22)) {
      const back = Math.min(this.callers.length - 1, Math.floor(Math.pow(r.float(), 3) * this.callers.length));
      return this.callers[this.callers.length - 1 - back]!;
    }
    const caller = newCaller(r, market);
    if (this.callers.length >= 300_000) this.callers.splice(0, 100_000);
    this.callers.push(caller);
    return caller;
  }
}

/** Calls per day: weekdays busier than weekends, heating and cooling seasons busier, and slow growth. */
function spreadOverDays(calls: number, days: number, firstDayMs: number): number[] {
  const weights: number[] = [];
  for (let d = 0; d < days; d++) {
    const date = new Date(firstDayMs + d * DAY_MS);
    const weekday = date.getUTCDay();
    const week = weekday === 0 ? 0.3 : weekday === 6 ? 0.55 : 1;
    const dayOfYear = (date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS;
    const season = 1 + 0.3 * Math.cos((4 * Math.PI * (dayOfYear - 20)) / 365);
    weights.push(week * season * (0.75 + (0.5 * d) / days));
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const counts: number[] = [];
  let cumulative = 0;
  let given = 0;
  for (const w of weights) {
    cumulative += w;
    const upTo = Math.round((calls * cumulative) / total);
    counts.push(upTo - given);
    given = upTo;
  }
  return counts;
}

function newCaller(r: Random, market: Market): Caller {
  const place = r.chance(0.85) ? r.zipf(market.places, 0.7) : r.pick(r.pick(MARKETS).places);
  const first = r.zipf(FIRST_NAMES, 0.7);
  const last = r.zipf(LAST_NAMES, 0.6);
  const placeholder = r.chance(0.4);
  const cnam = placeholder
    ? r.chance(0.5)
      ? `${place.city.toUpperCase()} CALLER`
      : r.pick(PLACEHOLDER_NAMES)
    : `${last.toUpperCase()} ${first.toUpperCase()}`;
  const street = r.chance(0.45) ? `${r.int(1, 9999)} ${r.pick(STREETS)}` : null;
  const canadian = place.state === 'ON' || place.state === 'BC';
  const letter = (from: string) => from[r.int(0, from.length - 1)]!;
  const postal = () =>
    `${place.state === 'ON' ? letter('KLMNP') : 'V'}${r.int(1, 9)}${letter('ABCEGHJ')} ${r.int(1, 9)}${letter('JKLMNPR')}${r.int(1, 9)}`;
  const zip = street ? (canadian ? postal() : r.digits(5)) : null;
  return {
    number: `${r.pick(place.areaCodes)}${r.int(2, 9)}${r.digits(6)}`,
    place,
    first,
    last,
    cnam,
    enriched: !placeholder || r.chance(0.5),
    street,
    zip,
  };
}
