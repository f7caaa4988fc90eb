// A seeded, realistic call history in the vendor's own shapes: for every call its Call Start, Call
// Preprocessed and Call Processed webhooks. Calls come out in time order, spread over the last `years`
// before `endMs`; the same seed always gives the same history.

import { HistoryPlanner, type HistoryOptions } from './callPlan';
import { buildCall, type GeneratedCall } from './callWebhooks';

/**
 * Bumped whenever a seed would generate a different history, so a stored history is not reused by mistake.
 * 3: notifications are no longer copied into events.raw (as live ingest stores them).
 * 4: bodies, headers and events stored compressed (migration 12, electron/core/store/bodyCodec.ts).
 * 5: a transcript's words indexed as spoken, apart from names (migration 14, electron/core/store/searchQuery.ts).
 */
export const GENERATOR_VERSION = 5;

/** Plans and builds in one go: the whole history, call by call, in this thread. */
export function* generateHistory(options: HistoryOptions): Generator<GeneratedCall> {
  const planner = new HistoryPlanner(options);
  for (let plan = planner.next(); plan; plan = planner.next()) yield buildCall(plan, planner.tracking);
}
