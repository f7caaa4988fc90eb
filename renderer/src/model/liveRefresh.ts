// When the inspector reads its list again while webhooks pour in: a read on its way is never cancelled (a
// cancelled read never lands, so a storm would keep the list stale), and the pushes meanwhile fold into one
// trailing read, started no sooner than REFRESH_GAP_MS after the last one began.

/** The least time between the starts of two live reads of one list. */
export const REFRESH_GAP_MS = 1000;

export interface RefreshState {
  /** A read is on its way. */
  reading: boolean;
  /** A push came after the last read began: one more read is owed. */
  owed: boolean;
  /** When the last read began (ms), or null before the first. */
  lastStartAt: number | null;
}

export const IDLE_REFRESH: RefreshState = { reading: false, owed: false, lastStartAt: null };

export interface RefreshStep {
  state: RefreshState;
  /** Start a read now. */
  start: boolean;
  /** Look again at this time (ms) to start the owed read, or null when no timer is needed. */
  wakeAt: number | null;
}

/** Starts the owed read when nothing is on its way and the gap has passed; else says when to look again. */
function settle(state: RefreshState, now: number): RefreshStep {
  if (!state.owed || state.reading) return { state, start: false, wakeAt: null };
  const due = state.lastStartAt === null ? now : state.lastStartAt + REFRESH_GAP_MS;
  if (now >= due) return { state: { reading: true, owed: false, lastStartAt: now }, start: true, wakeAt: null };
  return { state, start: false, wakeAt: due };
}

/** The core pushed a call: a read is owed. */
export function refreshPushed(state: RefreshState, now: number): RefreshStep {
  return settle({ ...state, owed: true }, now);
}

/** The read on its way landed (or failed). */
export function refreshLanded(state: RefreshState, now: number): RefreshStep {
  return settle({ ...state, reading: false }, now);
}

/** The timer asked for by `wakeAt` fired. */
export function refreshWoke(state: RefreshState, now: number): RefreshStep {
  return settle(state, now);
}
