// The rows of the app as it ships and of the history on disk: cold start (the desktop bundle's, headless mode's
// beside it), database size, and the in-thread catch-up figures.

import { measureCatchUp } from './catchUp';
import { callCount, log, type Context } from './context';
import { startApp } from './appUnderTest';
import { databaseBytes } from './host';
import { GENERATOR_VERSION } from './history';
import { resultRow, summarize, type ResultRow } from './stats';

/** One spawn until ready: wall time and the CPU time the app used by then, ms. */
export interface Start {
  ms: number;
  cpuMs: number;
}

/** The desktop bundle's spawns on the history and on an empty database, and headless under tsx's on the history. */
export interface StartTimes {
  desktop: Start[];
  empty: Start[];
  headless: Start[];
}

const wall = (starts: Start[]) => starts.map((s) => s.ms);
const spawns = (starts: Start[]) =>
  `${starts.map((s) => Math.round(s.ms)).join(', ')} ms (CPU ${starts.map((s) => Math.round(s.cpuMs)).join(', ')} ms)`;

export function startRows(starts: StartTimes, calls: string): ResultRow[] {
  const desktop = summarize(wall(starts.desktop));
  const until =
    "until GET /api/health answers 200 (today's backup marked as made, so none starts), with the CPU time (user + system, every thread) it had used by then, which the machine's load hardly stretches";
  return [
    resultRow({
      id: 'start.cold',
      figure: `cold start (${calls})`,
      value: desktop.p50,
      unit: 'ms',
      baseline: { name: 'empty database', value: summarize(wall(starts.empty)).p50 },
      target: '< 300 ms',
      check: (v) => v < 300,
      detail: `ratio = value / baseline. Median of ${desktop.n} spawns of the desktop app's bundled front under plain Node ${until}: dist/electron as build/bundle.ts makes it, with bench/desktopFront.ts built as main.cjs is and starting the front as the shell does, its store and reader threads from storeWorker.cjs and readerWorker.cjs (Electron's own start and the window are not in it): ${spawns(starts.desktop)}; empty database: ${spawns(starts.empty)}. Headless mode under tsx on the same history: ${spawns(starts.headless)} (start.cold.headless).`,
    }),
    resultRow({
      id: 'start.cold.headless',
      figure: `cold start, headless mode under tsx (${calls})`,
      value: summarize(wall(starts.headless)).p50,
      unit: 'ms',
      baseline: { name: 'the desktop bundle on the same history', value: desktop.p50 },
      target: 'report',
      detail: `ratio = value / baseline. Median of ${starts.headless.length} spawns of node --import tsx electron/headless.ts (npm run serve without its vite build and tsx's relaying parent process) ${until}: tsx compiles the front's TypeScript, and each worker thread boots tsx of its own (no .cjs lies beside its source): ${spawns(starts.headless)}.`,
    }),
  ];
}

export async function startSection({ plan, summary, app }: Context): Promise<ResultRow[]> {
  const { desktop, headless, emptyDir } = await app();
  log('Cold start: the desktop bundle on the generated history and on an empty database, and headless under tsx, in turn…');
  const starts: StartTimes = { desktop: [], empty: [], headless: [] };
  for (let i = 0; i < (plan.quick ? 3 : 5); i++) {
    for (const [key, command, dir] of [
      ['desktop', desktop, plan.dataDir],
      ['empty', desktop, emptyDir],
      ['headless', headless, plan.dataDir],
    ] as const) {
      const started = await startApp(command, dir);
      starts[key].push({ ms: started.startMs, cpuMs: started.cpuMs });
      await started.stop();
    }
  }
  return startRows(starts, callCount(summary));
}

export function sizeSection({ plan, summary }: Context): ResultRow[] {
  const bytes = databaseBytes(plan.dataDir);
  return [
    resultRow({
      id: 'size.bytesPerCall',
      figure: 'size: database bytes per call',
      value: bytes / summary.calls,
      unit: 'B',
      baseline: { name: 'raw webhook payload bytes per call', value: summary.rawPayloadBytes / summary.calls },
      target: '≤ 1.0× the raw webhook bytes',
      check: (_v, r) => r !== null && r <= 1,
      detail: `ratio = value / baseline. ${callCount(summary)}, ${summary.deliveries.toLocaleString('en-US')} deliveries; ${(bytes / 2 ** 30).toFixed(2)} GiB on disk (main file and WAL) in ${plan.dataDir}, measured before any other section opens it in this run. The history was written by generator version ${summary.version} (this bench's is ${GENERATOR_VERSION}); if the app has opened it since it was generated, its migrations have run on it in place and freed pages stay in the file until a VACUUM.`,
    }),
  ];
}

export async function catchUpSection({ workDir }: Context): Promise<ResultRow[]> {
  log('Catch-up: a first run of 10,000 calls from the vendor API stand-in, then an idle core over the same time…');
  return measureCatchUp(workDir, 10_000);
}
