// The rows of the app as it ships and of the history on disk: cold start, database size, and the in-thread
// catch-up figures.

import { measureCatchUp } from './catchUp';
import { callCount, log, type Context } from './context';
import { startApp } from './headlessApp';
import { databaseBytes } from './host';
import { GENERATOR_VERSION } from './history';
import { resultRow, summarize, type ResultRow } from './stats';

export async function startSection({ plan, summary, app }: Context): Promise<ResultRow[]> {
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
      id: 'start.cold',
      figure: `cold start (${callCount(summary)})`,
      value: full.p50,
      unit: 'ms',
      baseline: { name: 'empty database', value: empty.p50 },
      target: '< 300 ms',
      check: (v) => v < 300,
      detail: `ratio = value / baseline. Median of ${full.n} spawns of the headless app bundled as the desktop app ships its main process (npm packages inside, native ones beside it; the store as it ships) until GET /api/health answers 200 (today's backup marked as made, so none starts): ${spawns('full')}; empty database: ${spawns('empty')}.`,
    }),
  ];
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
