// npm run gen -- --calls N --data-dir DIR [--seed S] [--end ISO] [--years Y] [--workers W]
// Writes a seeded, realistic call history into DIR, which `npm run serve -- --data-dir DIR` then browses.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateDatabase } from './generate';

export const USAGE = `Usage: npm run gen -- --calls N --data-dir DIR [--seed S] [--end ISO-DATE] [--years Y] [--workers W]

  --calls N      how many calls to generate (e.g. 1000000)
  --data-dir DIR a new or empty data folder (created if missing)
  --seed S       the same seed always gives the same history (default 1)
  --end DATE     the history ends here (default 2026-01-01)
  --years Y      how far back it reaches (default 2)
  --workers W    threads that build rows (default: one per core; 0 = none)`;

function whole(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || +value < min) throw new Error(`${name} must be a whole number of at least ${min}`);
  return +value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      calls: { type: 'string' },
      'data-dir': { type: 'string' },
      seed: { type: 'string' },
      end: { type: 'string' },
      years: { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const calls = whole(values.calls, '--calls', 1);
  if (calls === undefined || !values['data-dir']) throw new Error('--calls and --data-dir are required');
  const endMs = values.end === undefined ? undefined : Date.parse(values.end);
  if (endMs !== undefined && Number.isNaN(endMs)) throw new Error('--end must be an ISO 8601 date');
  const years = values.years === undefined ? undefined : Number(values.years);
  if (years !== undefined && !(years > 0 && years <= 20)) throw new Error('--years must be a number from 0 to 20');
  const dataDir = path.resolve(values['data-dir']);

  let shown = 0;
  const summary = await generateDatabase({
    dataDir,
    calls,
    seed: whole(values.seed, '--seed', 0),
    endMs,
    years,
    workers: whole(values.workers, '--workers', 0),
    onProgress: (done, total) => {
      if (done - shown >= 50_000 || done === total) {
        shown = done;
        process.stderr.write(`\r${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} calls`);
      }
    },
  });
  process.stderr.write('\n');
  console.log(
    `Generated ${summary.calls.toLocaleString('en-US')} calls (${summary.deliveries.toLocaleString('en-US')} webhook deliveries, seed ${summary.seed}) in ${summary.seconds} s into ${dataDir}`,
  );
  console.log(`Browse them: npm run serve -- --data-dir ${dataDir}`);
}

main().catch((error) => {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(1);
});
