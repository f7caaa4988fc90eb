// The inspector's live reads under a storm of pushes: one read on its way at most, never cancelled, one
// trailing read no sooner than a second after the last began, and every push covered by a read begun after it.

import { describe, expect, it } from 'vitest';
import {
  IDLE_REFRESH,
  REFRESH_GAP_MS,
  refreshLanded,
  refreshPushed,
  refreshWoke,
  type RefreshState,
  type RefreshStep,
} from '../../renderer/src/model/liveRefresh';

/** Plays pushes (at the given times) against reads taking `readMs`; returns when each read began and ended. */
function storm(pushAt: number[], readMs: number): { starts: number[]; ends: number[] } {
  let state: RefreshState = IDLE_REFRESH;
  let wakeAt: number | null = null;
  let landsAt: number | null = null;
  const starts: number[] = [];
  const ends: number[] = [];
  const apply = (step: RefreshStep, now: number) => {
    state = step.state;
    wakeAt = step.wakeAt;
    if (step.start) {
      expect(landsAt, 'a second read while one is on its way').toBeNull();
      starts.push(now);
      landsAt = now + readMs;
    }
  };
  const pushes = [...pushAt];
  for (let now = 0; now < 60_000; now++) {
    if (landsAt === now) {
      landsAt = null;
      ends.push(now);
      apply(refreshLanded(state, now), now);
    }
    if (wakeAt !== null && now >= wakeAt) apply(refreshWoke(state, now), now);
    while (pushes[0] === now) {
      pushes.shift();
      apply(refreshPushed(state, now), now);
    }
  }
  expect(state.owed).toBe(false);
  return { starts, ends };
}

describe('live reads of the inspector list', () => {
  it('reads at once on a lone push', () => {
    expect(refreshPushed(IDLE_REFRESH, 5)).toEqual({ state: { reading: true, owed: false, lastStartAt: 5 }, start: true, wakeAt: null });
  });

  it('owes one read for pushes while a read is on its way, and never starts another before it lands', () => {
    const first = refreshPushed(IDLE_REFRESH, 0);
    const during = refreshPushed(first.state, 10);
    expect(during).toEqual({ state: { reading: true, owed: true, lastStartAt: 0 }, start: false, wakeAt: null });
    // Landed early: the trailing read waits for the gap.
    expect(refreshLanded(during.state, 200)).toEqual({ state: { reading: false, owed: true, lastStartAt: 0 }, start: false, wakeAt: REFRESH_GAP_MS });
    // Landed late: the trailing read starts at once.
    expect(refreshLanded(during.state, 1500).start).toBe(true);
  });

  it('does nothing when a read lands and no push came meanwhile', () => {
    const first = refreshPushed(IDLE_REFRESH, 0);
    expect(refreshLanded(first.state, 300)).toEqual({ state: { reading: false, owed: false, lastStartAt: 0 }, start: false, wakeAt: null });
  });

  it('folds 50 webhooks a second for 4 s into about one read a second, the last begun after the last push', () => {
    const pushAt = Array.from({ length: 200 }, (_, i) => 100 + i * 20);
    const { starts } = storm(pushAt, 300);
    expect(starts.length).toBeGreaterThanOrEqual(4);
    expect(starts.length).toBeLessThanOrEqual(6);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(REFRESH_GAP_MS);
    expect(starts.at(-1)!).toBeGreaterThanOrEqual(pushAt.at(-1)!);
    expect(starts.at(-1)! - pushAt.at(-1)!).toBeLessThanOrEqual(REFRESH_GAP_MS);
  });

  it('with reads slower than the gap, starts each trailing read as the one before lands', () => {
    const pushAt = Array.from({ length: 100 }, (_, i) => i * 30);
    const { starts, ends } = storm(pushAt, 1800);
    expect(starts.length).toBe(3);
    expect(starts.slice(1)).toEqual(ends.slice(0, 2));
  });
});
