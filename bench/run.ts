// npm run bench [-- --quick] [--calls N] [--data-dir DIR] [--seed S] [--upgraded] [--only SECTIONS]
// Measures size, ingest, cold start, search and paging at scale, memory, alert latency and the front's thread
// under load, each side by side with its baseline in this same run; prints a table of the rows by their stable
// ids and writes bench/results.json.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { catchUpSection, sizeSection, startSection } from './appSections';
import { bundleDesktopFront, headlessUnderTsx } from './appUnderTest';
import { callCount, log, type AppsUnderTest, type Context, type Plan } from './context';
import { generateDatabase, readSummary, type GenerationSummary } from './generate';
import { GENERATOR_VERSION } from './history';
import { machine, markBackupMade } from './host';
import { ingestSection } from './ingestSection';
import { BENCH_DIR, ROOT } from './processes';
import { searchSection } from './searchSection';
import { duplicateIds, formatTable, type ResultRow } from './stats';
import { alertSection, mainThreadSection } from './threadSections';

export const USAGE = `Usage: npm run bench -- [--quick] [--calls N] [--data-dir DIR] [--seed S] [--upgraded] [--only SECTIONS]

  --quick        100,000 calls and shorter runs (under 15 minutes with the history already generated)
  --calls N      size of the generated history (default 1,000,000; --quick 100,000)
  --data-dir DIR where the history is generated, or reused when it was generated with the same calls and seed
                 (default .data/bench-<calls>-seed<seed>)
  --seed S       generator seed (default 1)
  --upgraded     also take a history of the same calls and seed written by an older generator (the app's
                 migrations upgrade it in place: the day-of-upgrade figures; see bench/upgradeDay.ts --in-place)
  --only LIST    some of size,ingest,start,search,alert,mainthread,catchup, run in that order (default all;
                 results.json then holds only those rows). alert and mainthread loop the slowest search class
                 when search runs before them, the issue's worst (a common word + missed) otherwise.`;

function parse(argv: string[]): Plan | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      calls: { type: 'string' },
      'data-dir': { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      upgraded: { type: 'boolean' },
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
  const asked = values.only?.split(',').map((s) => s.trim()) ?? Object.keys(SECTIONS);
  const unknown = asked.filter((s) => !(s in SECTIONS));
  if (unknown.length) throw new Error(`--only takes ${Object.keys(SECTIONS).join(', ')}`);
  // Sections run in the table's order whatever the order asked: size before anything opens the history, search before the loops.
  const only = Object.keys(SECTIONS).filter((s) => asked.includes(s));
  return { quick, only, calls, seed, dataDir, upgraded: values.upgraded ?? false };
}

async function history(plan: Plan): Promise<GenerationSummary> {
  const existing = readSummary(plan.dataDir);
  const version = existing && (existing.version === GENERATOR_VERSION || (plan.upgraded && existing.version < GENERATOR_VERSION));
  if (existing && version && existing.calls === plan.calls && existing.seed === plan.seed) {
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

const SECTIONS = {
  size: sizeSection,
  ingest: ingestSection,
  start: startSection,
  search: searchSection,
  alert: alertSection,
  mainthread: mainThreadSection,
  catchup: catchUpSection,
} as const satisfies Record<string, (context: Context) => ResultRow[] | Promise<ResultRow[]>>;
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
  // The app started on the history (cold start, search) would otherwise begin its daily backup at every start.
  const unmarkBackup = markBackupMade(plan.dataDir);
  let made: AppsUnderTest | null = null;
  const context: Context = {
    plan,
    summary,
    workDir,
    app: async () =>
      (made ??= {
        desktop: await bundleDesktopFront(workDir),
        headless: headlessUnderTsx,
        emptyDir: fs.mkdtempSync(path.join(workDir, 'empty-')),
      }),
    worst: null,
  };
  try {
    log(`Machine: ${machine()}`);
    const rows: ResultRow[] = [];
    for (const section of plan.only as Section[]) {
      const sectionStarted = performance.now();
      rows.push(...(await SECTIONS[section](context)));
      log(`  (${section}: ${Math.round((performance.now() - sectionStarted) / 1000)} s)`);
    }
    const twice = duplicateIds(rows);
    if (twice.length) throw new Error(`Rows share an id: ${twice.join(', ')}`);
    const out = path.join(BENCH_DIR, 'results.json');
    fs.writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
    console.log(`\nCall Alerts benchmarks — ${callCount(summary)}${plan.quick ? ' (quick)' : ''} — ${machine()}\n`);
    console.log(formatTable(rows));
    console.log(
      `\nWrote ${path.relative(process.cwd(), out)} in ${Math.round((performance.now() - started) / 1000)} s. The machine is shared: every figure is noisy; compare a row with its baseline from this same run.`,
    );
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
    unmarkBackup();
  }
}

main().catch((error) => {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(1);
});
