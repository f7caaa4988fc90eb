// What every section of the bench is given: the plan, the history it runs on, a scratch folder, and what an
// earlier section found that a later one uses (the worst search class).

import type { AppCommand } from './appUnderTest';
import type { GenerationSummary } from './generate';
import { formatNumber } from './stats';
import type { Summary } from './stats';
import type { WorstSearch } from './threadFigures';

export interface Plan {
  quick: boolean;
  only: string[];
  calls: number;
  seed: number;
  dataDir: string;
  /** Also take a history written by an older generator, which the app has since upgraded in place. */
  upgraded: boolean;
}

export interface AppsUnderTest {
  /** What the figures are of: the desktop app's bundled front under plain Node. */
  desktop: AppCommand;
  /** Reported beside it: headless mode under tsx, as `npm run serve` runs it. */
  headless: AppCommand;
  emptyDir: string;
}

export interface Context {
  plan: Plan;
  summary: GenerationSummary;
  workDir: string;
  /** The apps under test (the desktop bundle built once a run) and an empty data folder, made when a section needs them. */
  app(): Promise<AppsUnderTest>;
  /** Set by the search section: the class it measured slowest, which the thread figures' loop then runs. */
  worst: WorstSearch | null;
}

export const log = (line: string) => process.stderr.write(`${line}\n`);
export const ms = (x: number) => `${formatNumber(x)} ms`;
export const latencies = (s: Summary) => `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)} (n=${s.n})`;
export const callCount = (summary: GenerationSummary) => `${summary.calls.toLocaleString('en-US')} calls`;
export const MB = 1024 * 1024;
