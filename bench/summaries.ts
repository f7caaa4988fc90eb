// The thread figures' pure parts: alert times joined across processes, the event-loop stall of the thread
// that hosts the front, and which search class is the worst. The processes only collect the raw numbers.

import { summarize, type Summary } from './stats';

/** A caller number and a time on the machine's monotonic clock, in ms (the same clock in every process here). */
export type Stamp = readonly [caller: string, ms: number];

export interface AlertTimes {
  /** Issued → alert emitted, ms, one per Call Start whose alert was seen. */
  latency: Summary;
  /** Call Starts issued whose alert never came within the run (refused, lost, or emitted without an alert). */
  missing: number;
  /** Alerts of callers this run did not send (earlier runs, catch-up): left out. */
  strays: number;
}

/** Joins the load's send times with the host's alert times by caller number (each Call Start has a new one). */
export function alertTimes(sent: readonly Stamp[], emitted: readonly Stamp[]): AlertTimes {
  const issued = new Map(sent);
  const latencies: number[] = [];
  let strays = 0;
  for (const [caller, at] of emitted) {
    const from = issued.get(caller);
    if (from === undefined) {
      strays++;
      continue;
    }
    issued.delete(caller);
    latencies.push(at - from);
  }
  return { latency: summarize(latencies), missing: issued.size, strays };
}

/** What `monitorEventLoopDelay` read, in nanoseconds as it gives them. */
export interface DelayReading {
  maxNs: number;
  p99Ns: number;
  meanNs: number;
  /** Samples it took (one per resolution tick the loop was free to run). */
  count: number;
}

export interface Stall {
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  samples: number;
}

/**
 * The loop's stalls in ms. The histogram records each tick's lateness on top of its resolution: a loop that
 * never waited reads about the resolution itself, which is kept, so a value is what a timer really waited.
 * No samples means the loop never ran a timer: its stall is unknown, not zero.
 */
export function stallOf(reading: DelayReading): Stall {
  if (reading.count === 0) return { maxMs: Number.NaN, p99Ms: Number.NaN, meanMs: Number.NaN, samples: 0 };
  return { maxMs: reading.maxNs / 1e6, p99Ms: reading.p99Ns / 1e6, meanMs: reading.meanNs / 1e6, samples: reading.count };
}

/** The class with the highest p95 (the first of equals); null when none was timed. */
export function worstClass<T extends { name: string; p95: number }>(classes: readonly T[]): T | null {
  let worst: T | null = null;
  for (const c of classes) if (Number.isFinite(c.p95) && (worst === null || c.p95 > worst.p95)) worst = c;
  return worst;
}

/** The search goal: under 10 ms p95 up to 100,000 calls, under 30 ms beyond (it is set at 1,000,000). */
export function searchGoalMs(calls: number): number {
  return calls <= 100_000 ? 10 : 30;
}

/** A class's name as an id segment: "common word + filter" → "commonWordFilter". */
export function idSegment(name: string): string {
  const words = name.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}

/** What a run lost: webhooks not answered 2xx (refused, or no answer at all) and Call Starts whose alert never came. */
export interface DeliveryFaults {
  issued: number;
  non2xx: number;
  /** Connection errors and answers still missing when the load stopped. */
  unanswered: number;
  missingAlerts: number;
}

export function deliveryFaults(load: { issued: number; ok: number; non2xx: number }, alerts: Pick<AlertTimes, 'missing'>): DeliveryFaults {
  return { issued: load.issued, non2xx: load.non2xx, unanswered: load.issued - load.ok - load.non2xx, missingAlerts: alerts.missing };
}

/** A latency or stall figure counts only if every webhook was acknowledged and every alert came. */
export const faultless = (f: DeliveryFaults): boolean => f.non2xx === 0 && f.unanswered === 0 && f.missingAlerts === 0;

export const faultsText = (f: DeliveryFaults): string =>
  `${f.non2xx} of ${f.issued} webhooks answered non-2xx, ${f.unanswered} unanswered, ${f.missingAlerts} Call Starts without an alert`;
