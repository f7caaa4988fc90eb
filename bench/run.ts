// npm run bench [-- --quick] [--calls N] [--data-dir DIR] [--seed S]
// Measures ingest, alert latency, search and paging at scale, cold start, memory and size, each side by side
// with its baseline in this same run; prints a table and writes bench/results.json.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateDatabase, readSummary, type GenerationSummary } from './generate';
import { GENERATOR_VERSION } from './history';
import { measureCatchUp } from './catchUp';
import { bundleHeadless, startApp } from './headlessApp';
import { databaseBytes, machine, rssBytes } from './host';
import { measureIngest, type IngestSide } from './ingestRuns';
import { BENCH_DIR, ROOT, startServer } from './processes';
import { pickPages, pickQueries, QUERY_KINDS, type SearchQuery } from './searchWorkload';
import { formatNumber, formatTable, resultRow, summarize, type ResultRow, type Summary } from './stats';
import { timeQueries } from './timing';

export const USAGE = `Usage: npm run bench -- [--quick] [--calls N] [--data-dir DIR] [--seed S] [--only SECTIONS]

  --quick        100,000 calls and shorter runs (under three minutes with the history already generated)
  --calls N      size of the generated history (default 1,000,000; --quick 100,000)
  --data-dir DIR where the history is generated, or reused when it was generated with the same calls and seed
                 (default .data/bench-<calls>-seed<seed>)
  --seed S       generator seed (default 1)
  --only LIST    some of ingest,start,search,size,catchup (default all; results.json then holds only those rows)`;

const MB = 1024 * 1024;

interface Plan {
  quick: boolean;
  only: Section[];
  calls: number;
  seed: number;
  dataDir: string;
}

function parse(argv: string[]): Plan | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      calls: { type: 'string' },
      'data-dir': { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const quick = values.quick ?? false;
  const calls = values.calls === undefined ? (quick ? 100_000 : 1_000_000) : Number(values.calls);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(calls) || calls < 1000) throw new Error('--calls must be a whole number of at least 1000');
  if (!Number.isInteger(seed) || seed < 0) throw new Error('--seed must be a whole number');
  const dataDir = path.resolve(values['data-dir'] ?? path.join(ROOT, '.data', `bench-${calls}-seed${seed}`));
  const only = (values.only?.split(',') ?? Object.keys(SECTIONS)) as Section[];
  const unknown = only.filter((s) => !(s in SECTIONS));
  if (unknown.length) throw new Error(`--only takes ${Object.keys(SECTIONS).join(', ')}`);
  return { quick, only, calls, seed, dataDir };
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function history(plan: Plan): Promise<GenerationSummary> {
  const existing = readSummary(plan.dataDir);
  if (existing && existing.version === GENERATOR_VERSION && existing.calls === plan.calls && existing.seed === plan.seed) {
    log(`Using the history already generated in ${plan.dataDir} (${existing.calls.toLocaleString('en-US')} calls).`);
    return existing;
  }
  if (fs.existsSync(plan.dataDir) && fs.readdirSync(plan.dataDir).length > 0) {
    throw new Error(
      `${plan.dataDir} holds something other than a ${plan.calls}-call history of seed ${plan.seed} (generator version ${GENERATOR_VERSION}): choose another --data-dir or remove it.`,
    );
  }
  log(`Generating ${plan.calls.toLocaleString('en-US')} calls into ${plan.dataDir}…`);
  let shown = 0;
  const summary = await generateDatabase({
    dataDir: plan.dataDir,
    calls: plan.calls,
    seed: plan.seed,
    onProgress: (done, total) => {
      if (done - shown >= total / 20 || done === total) {
        shown = done;
        log(`  ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`);
      }
    },
  });
  log(`Generated in ${summary.seconds} s.`);
  return summary;
}

const ms = (x: number) => `${formatNumber(x)} ms`;
const latencies = (s: Summary) => `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)} (n=${s.n})`;

function ingestRows(i: Awaited<ReturnType<typeof measureIngest>>, rate: number, lowRate: number): ResultRow[] {
  const side = (name: string, s: IngestSide) =>
    `${name}: ${formatNumber(s.max.rate)}/s max (${s.max.non2xx} non-2xx, ${s.max.errors} errors), at ${rate}/s offered ${formatNumber(s.fixed.rate)}/s answered, ${latencies(s.fixed.latencyMs)}`;
  const low = (name: string, s: IngestSide) => `${name} ${latencies(s.low.latencyMs)}`;
  const atLow = `One webhook at a time (one connection, ${lowRate}/s): ${low('core', i.core)}; ${low('ceiling', i.ceiling)}; ${low('listener storing nothing', i.receiver)}; ${low('straightforward', i.naive)}.`;
  const all = `${side('core', i.core)}; ${side('bare node:http', i.ceiling)}; ${side('the core’s webhook listener (express) storing nothing', i.receiver)}; ${side('express+SQLite per-request commit', i.naive)}; core group commit ${formatNumber(i.groupCommit)} deliveries/transaction`;
  const ackTarget = 'p99 < 10 ms';
  return [
    resultRow({
      figure: 'durable ingest rate (vs ceiling)',
      value: i.core.max.rate,
      unit: 'req/s',
      baseline: { name: 'bare node:http, no storage', value: i.ceiling.max.rate },
      target: '≥ 50% of the ceiling',
      check: (_v, r) => r !== null && r >= 0.5 && i.core.max.non2xx === 0,
      detail: `ratio = value / baseline. ${all}`,
    }),
    resultRow({
      figure: 'durable ingest rate (vs straightforward)',
      value: i.core.max.rate,
      unit: 'req/s',
      baseline: { name: 'express + better-sqlite3, one FULL commit per request', value: i.naive.max.rate },
      target: '≥ 10× the straightforward handler',
      check: (_v, r) => r !== null && r >= 10 && i.core.max.non2xx === 0,
      detail: `ratio = value / baseline. ${all}`,
    }),
    resultRow({
      figure: `ack latency p99 at ${rate}/s (vs ceiling)`,
      value: i.core.fixed.latencyMs.p99,
      unit: 'ms',
      baseline: { name: 'bare node:http p99', value: i.ceiling.fixed.latencyMs.p99 },
      target: ackTarget,
      check: (v) => v < 10,
      detail: `ratio = value / baseline. autocannon overallRate with 10 connections (it sends each second's quota as fast as answered). core ${latencies(i.core.fixed.latencyMs)}; ceiling ${latencies(i.ceiling.fixed.latencyMs)}; listener storing nothing ${latencies(i.receiver.fixed.latencyMs)}. ${atLow}`,
    }),
    resultRow({
      figure: `ack latency p99 at ${rate}/s (vs straightforward)`,
      value: i.core.fixed.latencyMs.p99,
      unit: 'ms',
      baseline: { name: 'express + better-sqlite3 p99', value: i.naive.fixed.latencyMs.p99 },
      target: ackTarget,
      check: (v) => v < 10,
      detail: `ratio = value / baseline. core ${latencies(i.core.fixed.latencyMs)} answering ${formatNumber(i.core.fixed.rate)}/s; straightforward ${latencies(i.naive.fixed.latencyMs)} answering ${formatNumber(i.naive.fixed.rate)}/s. ${atLow}`,
    }),
    resultRow({
      figure: `alert latency p99 (in-process, at ${rate}/s)`,
      value: i.alertFixed.p99,
      unit: 'ms',
      target: 'p99 < 5 ms',
      check: (v) => v < 5,
      detail: `webhook headers parsed → alert emitted on the change feed, for each Call Start. At ${rate}/s offered (10 connections): ${latencies(i.alertFixed)}; one webhook at a time (${lowRate}/s): ${latencies(i.alertLow)}; at the maximum rate (32 connections): ${latencies(i.alertMax)}`,
    }),
  ];
}

interface Context {
  plan: Plan;
  summary: GenerationSummary;
  workDir: string;
  /** The bundled headless app and an empty data folder, made when a section needs them. */
  app(): Promise<{ entry: string; emptyDir: string }>;
}

const RATE = 1000;
const LOW_RATE = 100;

async function ingestSection({ plan, workDir }: Context): Promise<ResultRow[]> {
  log('Ingest: bare node:http, straightforward express + SQLite, the core…');
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

async function startSection({ plan, summary, app }: Context): Promise<ResultRow[]> {
  const { entry, emptyDir } = await app();
  log('Cold start: the app on the generated history and on an empty database, alternately…');
  const starts = { full: [] as number[], empty: [] as number[] };
  for (let i = 0; i < (plan.quick ? 3 : 5); i++) {
    for (const [key, dir] of [
      ['full', plan.dataDir],
      ['empty', emptyDir],
    ] as const) {
      const started = await startApp(entry, dir);
      starts[key].push(started.startMs);
      await started.stop();
    }
  }
  const full = summarize(starts.full);
  const empty = summarize(starts.empty);
  const spawns = (key: keyof typeof starts) => `${starts[key].map((x) => Math.round(x)).join(', ')} ms`;
  return [
    resultRow({
      figure: `cold start (${callCount(summary)})`,
      value: full.p50,
      unit: 'ms',
      baseline: { name: 'empty database', value: empty.p50 },
      target: '< 500 ms and < 2× empty',
      check: (v, r) => v < 500 && r !== null && r < 2,
      detail: `ratio = value / baseline. Median of ${full.n} spawns of the headless app bundled as the desktop app ships its main process (npm packages inside, native ones beside it) until GET /api/health answers 200: ${spawns('full')}; empty database: ${spawns('empty')}.`,
    }),
  ];
}

async function searchSection({ plan, summary, app: made }: Context): Promise<ResultRow[]> {
  const { entry, emptyDir } = await made();
  log('Search and paging: the app vs LIKE scans and OFFSET paging over the same calls…');
  const perKind = 10;
  const rounds = 5;
  const budget = plan.quick ? 5_000 : 20_000;
  const queries = pickQueries(plan.dataDir, perKind, plan.seed);
  const pages = pickPages(plan.dataDir, 10, plan.seed);
  const workload = [...queries, pages.first, ...pages.deep];
  const app = await startApp(entry, plan.dataDir);
  const rssStart = rssBytes(app.pid);
  const naive = await startServer('naive-search', plan.dataDir);
  const timed = new Map<string, { app: Summary; baseline: Summary; found: number }>();
  try {
    // Warm both page caches once, untimed.
    await timeQueries(app.appUrl, naive.url, [...queries.slice(0, 1), pages.first], 1, 0);
    await timeQueries(app.appUrl, null, workload, 1, 0);
    const run = async (name: string, list: SearchQuery[], times: number) => {
      const t = await timeQueries(app.appUrl, naive.url, list, times, budget);
      const result = { app: summarize(t.app), baseline: summarize(t.baseline), found: t.found };
      timed.set(name, result);
      log(`  ${name}: app ${latencies(result.app)}; baseline ${latencies(result.baseline)}`);
    };
    for (const kind of QUERY_KINDS)
      await run(
        kind,
        queries.filter((q) => q.kind === kind),
        rounds,
      );
    await run('first page', [pages.first], 50);
    await run('deep page', pages.deep, rounds);
  } finally {
    await naive.stop();
  }
  const rssAfter = rssBytes(app.pid);
  await app.stop();

  log('Memory baseline: the same workload on an empty database…');
  const emptyApp = await startApp(entry, emptyDir);
  const rssStartEmpty = rssBytes(emptyApp.pid);
  await timeQueries(emptyApp.appUrl, null, workload, rounds, budget);
  const rssAfterEmpty = rssBytes(emptyApp.pid);
  await emptyApp.stop();

  const calls = callCount(summary);
  const rows: ResultRow[] = [];
  for (const kind of QUERY_KINDS) {
    const t = timed.get(kind)!;
    rows.push(
      resultRow({
        figure: `search p95: ${kind} (${calls})`,
        value: t.app.p95,
        unit: 'ms',
        ratio: 'times-faster',
        baseline: { name: `LIKE '%…%' scan p95`, value: t.baseline.p95 },
        target: 'p95 < 20 ms, ≥ 100× faster than the scan',
        check: (v, r) => v < 20 && r !== null && r >= 100,
        detail: `ratio = baseline / value. GET /api/calls?q=… over HTTP, ${perKind} queries, up to ${rounds} rounds: ${latencies(t.app)}; ${t.found} calls found in round one. LIKE over calls.data with the same filters, ORDER BY started_ms DESC LIMIT 50: ${latencies(t.baseline)}. Queries: ${queries
          .filter((q) => q.kind === kind)
          .map((q) => new URLSearchParams(q.api.split('?')[1]).get('q'))
          .join(', ')}`,
      }),
    );
  }
  for (const [name, baseline] of [
    ['first page', 'OFFSET 0'],
    ['deep page', 'OFFSET paging'],
  ] as const) {
    const t = timed.get(name)!;
    rows.push(
      resultRow({
        figure: `list paging p95: ${name === 'first page' ? 'first page' : 'deep keyset page'} (${calls})`,
        value: t.app.p95,
        unit: 'ms',
        ratio: 'times-faster',
        baseline: { name: `${baseline} p95`, value: t.baseline.p95 },
        target: 'p95 < 10 ms',
        check: (v) => v < 10,
        detail: `ratio = baseline / value. 50 calls a page${name === 'deep page' ? ', pages 50–95% of the way into the history' : ''}: app ${latencies(t.app)}; baseline ${latencies(t.baseline)}`,
      }),
    );
  }
  rows.push(
    resultRow({
      figure: `memory: RSS after start (${calls})`,
      value: rssStart / MB,
      unit: 'MB',
      baseline: { name: 'empty database', value: rssStartEmpty / MB },
      target: '< 150 MB',
      check: (v) => v < 150,
      detail: 'ratio = value / baseline. VmRSS of the bundled headless app once /api/health answered.',
    }),
    resultRow({
      figure: `memory: RSS after search workload (${calls})`,
      value: rssAfter / MB,
      unit: 'MB',
      baseline: { name: 'empty database', value: rssAfterEmpty / MB },
      target: '< 150 MB',
      check: (v) => v < 150,
      detail: `ratio = value / baseline. VmRSS after every search, first-page and deep-page request above (${workload.length} distinct requests, up to ${rounds} rounds).`,
    }),
  );
  return rows;
}

function sizeSection({ plan, summary }: Context): ResultRow[] {
  const bytes = databaseBytes(plan.dataDir);
  return [
    resultRow({
      figure: 'size: database bytes per call',
      value: bytes / summary.calls,
      unit: 'B',
      baseline: { name: 'raw webhook payload bytes per call', value: summary.rawPayloadBytes / summary.calls },
      target: 'report',
      detail: `ratio = value / baseline. ${callCount(summary)}, ${summary.deliveries.toLocaleString('en-US')} deliveries; ${(bytes / 2 ** 30).toFixed(2)} GiB on disk. Every delivery is kept raw, every notification again as raw JSON and as its normalised event, plus the folded call and its search row.`,
    }),
  ];
}

const callCount = (summary: GenerationSummary) => `${summary.calls.toLocaleString('en-US')} calls`;

async function catchUpSection({ workDir }: Context): Promise<ResultRow[]> {
  log('Catch-up: a first run of 10,000 calls from the vendor API stand-in, then an idle core over the same time…');
  return measureCatchUp(workDir, 10_000);
}

const SECTIONS = { ingest: ingestSection, start: startSection, search: searchSection, size: sizeSection, catchup: catchUpSection } as const;
type Section = keyof typeof SECTIONS;

async function main(): Promise<void> {
  const plan = parse(process.argv.slice(2));
  if (plan === 'help') {
    console.log(USAGE);
    return;
  }
  const started = performance.now();
  const summary = await history(plan);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'call-alerts-bench-'));
  let made: { entry: string; emptyDir: string } | null = null;
  const context: Context = {
    plan,
    summary,
    workDir,
    app: async () => (made ??= { entry: await bundleHeadless(), emptyDir: fs.mkdtempSync(path.join(workDir, 'empty-')) }),
  };
  try {
    log(`Machine: ${machine()}`);
    const rows: ResultRow[] = [];
    for (const section of plan.only) rows.push(...(await SECTIONS[section](context)));
    const out = path.join(BENCH_DIR, 'results.json');
    fs.writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
    console.log(`\nCall Alerts benchmarks — ${callCount(summary)}${plan.quick ? ' (quick)' : ''} — ${machine()}\n`);
    console.log(formatTable(rows));
    console.log(`\nWrote ${path.relative(process.cwd(), out)} in ${Math.round((performance.now() - started) / 1000)} s.`);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(1);
});
