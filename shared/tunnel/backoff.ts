// When to try again after a tunnel drops: exponential steps, capped, with jitter so a fleet of PCs that
// lost the same relay does not come back in the same second.

export const RECONNECT_BASE_MS = 1000;
export const RECONNECT_CAP_MS = 60_000;

/**
 * Delay before failed attempt number `attempt` (1-based) is retried. `random` is in [0, 1).
 * "Equal jitter": somewhere in the upper half of the step, so a retry is never immediate.
 */
export function reconnectDelay(attempt: number, random: number, baseMs = RECONNECT_BASE_MS, capMs = RECONNECT_CAP_MS): number {
  const step = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.round(step / 2 + (random * step) / 2);
}

/** Wait before self-test number `retests` (1-based) of a link this PC cannot verify: doubling, capped at the normal period. */
export function retestDelay(retests: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.min(Math.max(retests - 1, 0), 30));
}

/** Whether a timer that should have fired after `expectedMs` but took `actualMs` slept through a suspend. */
export function sleptThrough(expectedMs: number, actualMs: number, slackMs = 20_000): boolean {
  return actualMs > expectedMs + slackMs;
}
