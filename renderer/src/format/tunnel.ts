// The public URL's state in the window's words: the state label, the last self-test, the retry line and a
// test call's outcome.

import type { TestCallResult, TunnelCheck, TunnelState, TunnelStatus } from '../../../shared/api';
import { formatWhen } from '../../../shared/format';

export const STATE_LABELS: Record<TunnelState, string> = {
  off: 'Not set up',
  starting: 'Connecting…',
  online: 'Online',
  reconnecting: 'Reconnecting…',
  failed: 'Not working',
};

/** "Passed today 2:14 PM (142 ms)", "Failed today 2:14 PM: reason", "Not run yet". */
export function checkSummary(check: TunnelCheck | null, now: number, timeZone?: string): string {
  if (!check) return 'Not run yet';
  const when = formatWhen(check.at, now, timeZone, true);
  if (check.ok) return `Passed ${when} (${check.ms} ms)`;
  return `Failed ${when}${check.error ? `: ${check.error}` : ''}`;
}

function inSeconds(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** While reconnecting: which attempt failed and when the next one is due; when failed: what it waits for. */
export function retryLine(status: Pick<TunnelStatus, 'state' | 'attempt' | 'nextAttemptAt'>, now: number): string | null {
  if (status.state === 'failed') return 'Trying again cannot fix this: change the settings and save, or press Reconnect once it is fixed.';
  if (status.state !== 'reconnecting') return null;
  const attempts = status.attempt === 1 ? '1 failed attempt' : `${status.attempt} failed attempts`;
  if (!status.nextAttemptAt) return `${attempts}; trying again…`;
  const wait = Date.parse(status.nextAttemptAt) - now;
  return wait <= 0 ? `${attempts}; trying again now…` : `${attempts}; next try in ${inSeconds(wait)}`;
}

/** What a test call proved, or the step where it stopped (the core says which, in words). */
export function testCallSummary(result: TestCallResult): string {
  if (!result.ok) return result.error ?? 'The test call did not come through.';
  return `The test call came in through the public URL in ${result.ms} ms and raised an alert. It is in the call list, marked as a test.`;
}

export function testCallCount(count: number): string {
  return count === 1 ? '1 test call' : `${count} test calls`;
}
