// When to start the store worker again after it ended unexpectedly: soon the first time, later on each
// failure in a row (a worker that keeps dying must not spin the disk), back to soon once one ran for a while.

export const FIRST_DELAY_MS = 200;
export const MAX_DELAY_MS = 15_000;
/** A worker that ran this long before it ended counts as healthy: the next failure starts the back-off afresh. */
export const HEALTHY_RUN_MS = 60_000;

/** Failures in a row, counting the one that just happened. */
export function failuresInARow(previous: number, ranMs: number): number {
  return ranMs >= HEALTHY_RUN_MS ? 1 : previous + 1;
}

/** The wait before the next start, after `failures` failures in a row (at least 1). */
export function restartDelay(failures: number): number {
  return backOff(failures, FIRST_DELAY_MS, MAX_DELAY_MS);
}

/** The same doubling from another first wait and cap: the reader thread's (its tests start it shorter). */
export function backOff(failures: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, firstMs * 2 ** Math.max(0, failures - 1));
}

/** The worker's end in words for `storeThread().lastExit` (no secrets: exit codes and error messages only). */
export function exitInWords(code: number, error: Error | null): string {
  // An uncaught SQLite error crosses from the worker as its code alone.
  if (error) return `The call database's thread stopped with an error: ${error.message || (error as { code?: string }).code || 'no details'}`;
  return `The call database's thread stopped unexpectedly (exit code ${code})`;
}
