// The search, paging and memory rows: every query class through the desktop bundle's API against LIKE scans and
// OFFSET paging over the same calls, the worst class named, and its RSS after the workload (headless mode's beside it).

import { callCount, latencies, log, MB, type Context } from './context';
import { startApp, type AppCommand } from './appUnderTest';
import { rssBytes } from './host';
import { startServer } from './processes';
import { HARD_KINDS, pickHardQueries, pickPages, pickQueries, QUERY_KINDS, type SearchQuery } from './searchWorkload';
import { resultRow, summarize, type ResultRow, type Summary } from './stats';
import { idSegment, searchGoalMs, worstClass } from './summaries';
import type { WorstSearch } from './threadFigures';
import { timeQueries } from './timing';

const PER_KIND = 10;

/** The worst class, for the thread figures when the search section did not run to measure one. */
export function defaultWorst(context: Context): WorstSearch {
  const kind = 'common word + filter';
  const paths = pickHardQueries(context.plan.dataDir, PER_KIND, context.plan.seed)
    .filter((q) => q.kind === kind)
    .map((q) => q.api);
  return { name: kind, paths, why: 'the issue’s worst class (the search section did not run)' };
}

const queryText = (q: SearchQuery) => {
  const params = new URLSearchParams(q.api.split('?')[1]);
  return [params.get('q'), params.get('status'), params.get('state')].filter(Boolean).join('+');
};

export async function searchSection(context: Context): Promise<ResultRow[]> {
  const { plan, summary } = context;
  const { desktop, headless, emptyDir } = await context.app();
  log('Search and paging: the desktop bundle vs LIKE scans and OFFSET paging over the same calls…');
  const rounds = 5;
  const budget = plan.quick ? 5_000 : 20_000;
  const queries = [...pickQueries(plan.dataDir, PER_KIND, plan.seed), ...pickHardQueries(plan.dataDir, PER_KIND, plan.seed)];
  const pages = pickPages(plan.dataDir, 10, plan.seed);
  const workload = [...queries, pages.first, ...pages.deep];
  const app = await startApp(desktop, plan.dataDir);
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
    for (const kind of [...QUERY_KINDS, ...HARD_KINDS])
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

  // The same workload, untimed, on an app that is not the one measured: its RSS after start and after the workload.
  const rssOf = async (command: AppCommand, dataDir: string) => {
    const other = await startApp(command, dataDir);
    try {
      const start = rssBytes(other.pid);
      await timeQueries(other.appUrl, null, workload, rounds, budget);
      return { start, after: rssBytes(other.pid) };
    } finally {
      await other.stop();
    }
  };
  log('Memory baseline: the same workload on an empty database…');
  const empty = await rssOf(desktop, emptyDir);
  log('Memory beside it: the same workload on headless mode under tsx…');
  const tsx = await rssOf(headless, plan.dataDir);

  const calls = callCount(summary);
  const goal = searchGoalMs(summary.calls);
  const classRow = (kind: string, id: string, figure: string, why = '') => {
    const t = timed.get(kind)!;
    const list = queries.filter((q) => q.kind === kind);
    const scan = t.baseline.n
      ? `LIKE over calls.data with the same filters, ORDER BY started_ms DESC LIMIT 50: ${latencies(t.baseline)}`
      : 'no scan baseline (the list is not a search of calls)';
    return resultRow({
      id,
      figure,
      value: t.app.p95,
      unit: 'ms',
      baseline: t.baseline.n ? { name: `LIKE '%…%' scan p95`, value: t.baseline.p95 } : null,
      target: `p95 < ${goal} ms`,
      check: (v) => v < goal,
      detail: `ratio = value / baseline. ${why}GET ${list[0]?.api.split('?')[0]} over HTTP, ${list.length} queries, up to ${rounds} rounds: ${latencies(t.app)}; ${t.found} found in round one. ${scan}. Queries: ${list.map(queryText).join(', ')}`,
    });
  };
  const kinds = [...QUERY_KINDS, ...HARD_KINDS];
  const rows = kinds.map((kind) => classRow(kind, `search.p95.${idSegment(kind)}`, `search p95: ${kind} (${calls})`));
  const worst = worstClass(kinds.map((name) => ({ name, p95: timed.get(name)!.app.p95 })));
  if (worst) {
    const others = kinds.map((k) => `${k} ${timed.get(k)!.app.p95.toFixed(2)}`).join(', ');
    rows.push(
      classRow(
        worst.name,
        'search.worst.p95',
        `search p95, slowest class: ${worst.name} (${calls})`,
        `The slowest of the classes by p95 (ms: ${others}). `,
      ),
    );
    context.worst = {
      name: worst.name,
      paths: queries.filter((q) => q.kind === worst.name).map((q) => q.api),
      why: 'the class the search section measured slowest in this run',
    };
  }
  for (const [name, id, baseline] of [
    ['first page', 'list.firstPage.p95', 'OFFSET 0'],
    ['deep page', 'list.deepPage.p95', 'OFFSET paging'],
  ] as const) {
    const t = timed.get(name)!;
    rows.push(
      resultRow({
        id,
        figure: `list paging p95: ${name === 'first page' ? 'first page' : 'deep keyset page'} (${calls})`,
        value: t.app.p95,
        unit: 'ms',
        baseline: { name: `${baseline} p95`, value: t.baseline.p95 },
        target: 'p95 < 10 ms',
        check: (v) => v < 10,
        detail: `ratio = value / baseline. 50 calls a page${name === 'deep page' ? ', pages 50–95% of the way into the history' : ''}: app ${latencies(t.app)}; baseline ${latencies(t.baseline)}`,
      }),
    );
  }
  rows.push(...memoryRows({ start: rssStart, after: rssAfter }, empty, tsx, calls, `${workload.length} distinct requests, up to ${rounds} rounds`));
  return rows;
}

/** VmRSS of one app, bytes: once /api/health answered, and after the search workload. */
export interface Rss {
  start: number;
  after: number;
}

export function memoryRows(desktop: Rss, empty: Rss, headless: Rss, calls: string, workload: string): ResultRow[] {
  const of =
    "VmRSS (the whole process, every thread) of the desktop app's bundled front under plain Node (as start.cold starts it; Electron's own memory and the window's are not in it)";
  const tsx = `headless mode under tsx on the same history ${(headless.start / MB).toFixed(0)} MB after start, ${(headless.after / MB).toFixed(0)} MB after the workload (memory.rss.search.headless)`;
  return [
    resultRow({
      id: 'memory.rss.start',
      figure: `memory: RSS after start (${calls})`,
      value: desktop.start / MB,
      unit: 'MB',
      baseline: { name: 'empty database', value: empty.start / MB },
      target: '< 150 MB',
      check: (v) => v < 150,
      detail: `ratio = value / baseline. ${of}, once /api/health answered; ${tsx}.`,
    }),
    resultRow({
      id: 'memory.rss.search',
      figure: `memory: RSS after search workload (${calls})`,
      value: desktop.after / MB,
      unit: 'MB',
      baseline: { name: 'empty database', value: empty.after / MB },
      target: '< 150 MB',
      check: (v) => v < 150,
      detail: `ratio = value / baseline. ${of}, after every search, first-page and deep-page request above (${workload}; today's backup marked as made, so no background copy of the database ran); ${tsx}.`,
    }),
    resultRow({
      id: 'memory.rss.search.headless',
      figure: `memory: RSS after search workload, headless mode under tsx (${calls})`,
      value: headless.after / MB,
      unit: 'MB',
      baseline: { name: 'the desktop bundle after the same workload', value: desktop.after / MB },
      target: 'report',
      detail: `ratio = value / baseline. VmRSS of node --import tsx electron/headless.ts (npm run serve; tsx's loader and compiled TypeScript in the front and in each worker thread) after the same workload, untimed: ${(headless.start / MB).toFixed(0)} MB after start.`,
    }),
  ];
}
