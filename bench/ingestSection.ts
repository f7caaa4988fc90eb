// The ingest rows: durable ingest against the straightforward handler and the ceiling, the acknowledgement's
// latency, and the alert latency the core's host sees at the listener, all from one run of measureIngest.

import { latencies, log, type Context } from './context';
import { measureIngest, type IngestFigures, type IngestSide } from './ingestRuns';
import { formatNumber, resultRow, type ResultRow } from './stats';

const RATE = 1000;
const LOW_RATE = 100;

export function ingestRows(i: IngestFigures, rate: number, lowRate: number): ResultRow[] {
  const side = (name: string, s: IngestSide) =>
    `${name}: ${formatNumber(s.max.rate)}/s max (${s.max.non2xx} non-2xx, ${s.max.errors} errors), at ${rate}/s offered ${formatNumber(s.fixed.rate)}/s answered, ${latencies(s.fixed.latencyMs)}`;
  const low = (name: string, s: IngestSide) => `${name} ${latencies(s.low.latencyMs)}`;
  const atLow = `One webhook at a time (one connection, ${lowRate}/s): ${low('core', i.core)}; ${low('ceiling', i.ceiling)}; ${low('listener storing nothing', i.receiver)}; ${low('straightforward', i.naive)}.`;
  const commit = Number.isFinite(i.groupCommit)
    ? `core group commit ${formatNumber(i.groupCommit)} deliveries/transaction`
    : 'group commit counted in the store worker (not reported)';
  const all = `The core in its own process as headless mode runs it (store on ${i.coreStoreThread === 'worker' ? 'its worker thread' : 'the listener’s thread: the threaded front is not on this branch'}). ${side('core', i.core)}; ${side('bare node:http', i.ceiling)}; ${side('the core’s webhook listener (express) storing nothing', i.receiver)}; ${side('express+SQLite per-request commit', i.naive)}; ${commit}`;
  // The core's ack p99 at the fixed rate, against one baseline or the other.
  const ackRow = (id: string, vs: string, baseline: { name: string; value: number }, detail: string) =>
    resultRow({
      id,
      figure: `ack latency p99 at ${rate}/s (vs ${vs})`,
      value: i.core.fixed.latencyMs.p99,
      unit: 'ms',
      baseline,
      target: 'p99 < 10 ms',
      check: (v) => v < 10,
      detail: `ratio = value / baseline. ${detail}`,
    });
  const ok = i.core.max.non2xx === 0;
  return [
    resultRow({
      id: 'ingest.durable',
      figure: 'durable ingest with full processing (vs straightforward)',
      value: i.core.max.rate,
      unit: 'req/s',
      baseline: { name: 'express + better-sqlite3 storing the raw body, one FULL commit per request', value: i.naive.max.rate },
      target: '≥ 1.0× the straightforward handler',
      check: (_v, r) => r !== null && r >= 1 && ok,
      detail: `ratio = value / baseline; 32 connections as fast as answered. ${all}`,
    }),
    resultRow({
      id: 'ingest.durable.vsCeiling',
      figure: 'durable ingest rate (vs ceiling)',
      value: i.core.max.rate,
      unit: 'req/s',
      baseline: { name: 'bare node:http, no storage', value: i.ceiling.max.rate },
      target: '≥ 50% of the ceiling',
      check: (_v, r) => r !== null && r >= 0.5 && ok,
      detail: `ratio = value / baseline. ${all}`,
    }),
    ackRow(
      'ack.p99',
      'straightforward',
      { name: 'express + better-sqlite3 p99', value: i.naive.fixed.latencyMs.p99 },
      `autocannon overallRate with 10 connections (it sends each second's quota as fast as answered). core ${latencies(i.core.fixed.latencyMs)} answering ${formatNumber(i.core.fixed.rate)}/s; straightforward ${latencies(i.naive.fixed.latencyMs)} answering ${formatNumber(i.naive.fixed.rate)}/s. ${atLow}`,
    ),
    ackRow(
      'ack.p99.vsCeiling',
      'ceiling',
      { name: 'bare node:http p99', value: i.ceiling.fixed.latencyMs.p99 },
      `core ${latencies(i.core.fixed.latencyMs)}; ceiling ${latencies(i.ceiling.fixed.latencyMs)}; listener storing nothing ${latencies(i.receiver.fixed.latencyMs)}. ${atLow}`,
    ),
    resultRow({
      id: 'alert.listener.p99',
      figure: `alert latency p99 from the listener, at ${rate}/s`,
      value: i.alertFixed.p99,
      unit: 'ms',
      target: 'p99 < 5 ms',
      check: (v) => v < 5,
      detail: `webhook headers parsed on the front's thread → the front's feed emits the alert, for each Call Start (an empty database; alert.p99 is the figure under a search loop). At ${rate}/s offered (10 connections): ${latencies(i.alertFixed)}; one webhook at a time (${lowRate}/s): ${latencies(i.alertLow)}; at the maximum rate (32 connections): ${latencies(i.alertMax)}`,
    }),
  ];
}

export async function ingestSection({ plan, workDir }: Context): Promise<ResultRow[]> {
  log('Ingest: bare node:http, the listener alone, straightforward express + SQLite, the core…');
  const ingest = await measureIngest({
    workDir,
    seed: plan.seed,
    seconds: plan.quick ? 5 : 10,
    connections: 32,
    rate: RATE,
    lowRate: LOW_RATE,
    rateConnections: 10,
    rateSeconds: plan.quick ? 5 : 10,
    warmupSeconds: plan.quick ? 1 : 2,
  });
  return ingestRows(ingest, RATE, LOW_RATE);
}
