// What the cached recordings take on disk for a realistic history, and how the budget behaves on a real core.
// The history is the bench's generated one (bench/callPlan.ts, bench/callWebhooks.ts): each recorded call's
// length is its Call Processed's CallSeconds, stored as the vendor's 32 kbps mono MP3 (4 kB a second).

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ListCallsResponse } from '../../shared/api';
import { HistoryPlanner } from '../../bench/callPlan';
import { buildCall } from '../../bench/callWebhooks';
import { corePool } from '../support/core';
import { recordedCall, sendCall, startRecordingStandIn, type RecordingStandIn } from '../support/recordingStandIn';

const MP3_BYTES_PER_SECOND = 4000;
const GIB = 1024 ** 3;
const DAY_MS = 86_400_000;

interface Recorded {
  startMs: number;
  seconds: number;
  voicemail: boolean;
}

/** The recorded calls of a generated history, oldest first. */
function recordedCalls(calls: number): { recorded: Recorded[]; days: number } {
  const planner = new HistoryPlanner({ calls, seed: 15 });
  const recorded: Recorded[] = [];
  let first = Infinity;
  let last = 0;
  for (let plan = planner.next(); plan; plan = planner.next()) {
    first = Math.min(first, plan.ringMs);
    last = Math.max(last, plan.ringMs);
    for (const delivery of buildCall(plan, planner.tracking).deliveries) {
      const [n] = (JSON.parse(delivery.body) as { Notifications: { Action: string; VoiceRecordingUrl: string | null; CallSeconds: number }[] })
        .Notifications;
      if (n?.Action === 'CallDetails.CallProcessed' && n.VoiceRecordingUrl)
        recorded.push({ startMs: plan.ringMs, seconds: n.CallSeconds, voicemail: plan.outcome === 'voicemail' });
    }
  }
  return { recorded, days: (last - first) / DAY_MS };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(2)} MB`;

const pool = corePool();
let vendor: RecordingStandIn | null = null;
afterEach(async () => {
  await pool.stopStarted();
  await vendor?.stop();
});

describe('disk used by cached recordings', () => {
  it('for a generated two-year history at 32 kbps, and what a 2 GiB budget holds', () => {
    const { recorded, days } = recordedCalls(20_000);
    const bytes = recorded.map((r) => r.seconds * MP3_BYTES_PER_SECOND).sort((a, b) => a - b);
    const total = bytes.reduce((a, b) => a + b, 0);
    const voicemailBytes = recorded.filter((r) => r.voicemail).reduce((sum, r) => sum + r.seconds * MP3_BYTES_PER_SECOND, 0);
    const perDay = total / days;
    const figures = {
      calls: 20_000,
      days: Math.round(days),
      recorded: recorded.length,
      voicemails: recorded.filter((r) => r.voicemail).length,
      'mean per recording': mb(total / recorded.length),
      'median per recording': mb(percentile(bytes, 0.5)),
      'p95 per recording': mb(percentile(bytes, 0.95)),
      'largest recording': mb(bytes.at(-1)!),
      'all recordings': mb(total),
      'per day': mb(perDay),
      'voicemails per day': mb(voicemailBytes / days),
      '2 GiB holds (recordings)': Math.floor((2 * GIB) / (total / recorded.length)),
      '2 GiB holds (days of all)': Math.floor((2 * GIB) / perDay),
      '2 GiB holds (days of voicemails)': Math.floor((2 * GIB) / (voicemailBytes / days)),
    };
    console.log(
      Object.entries(figures)
        .map(([k, v]) => `${k.padEnd(34)} ${v}`)
        .join('\n'),
    );
    // Every recording is far below the 100 MB cap (an hour is 14.4 MB), and the voicemails alone fit many times over.
    expect(bytes.at(-1)!).toBeLessThan(100 * 1024 ** 2);
    expect(voicemailBytes).toBeLessThan(2 * GIB);
    expect(figures['2 GiB holds (days of all)']).toBeGreaterThan(30);
  });

  it('stays within the budget on a real core, keeping voicemails and the newest others', async () => {
    // The newest 40 recordings of the history, each 1/100 of its MP3 size, within a budget a third of theirs.
    const newest = recordedCalls(4_000).recorded.slice(-40);
    const sizes = newest.map((r) => Math.max(1000, Math.round((r.seconds * MP3_BYTES_PER_SECOND) / 100)));
    const budget = Math.round(sizes.reduce((a, b) => a + b, 0) / 3);
    vendor = await startRecordingStandIn();
    const core = await pool.start({ recordingBudgetBytes: budget });
    const ids: number[] = [];
    for (const [i, r] of newest.entries()) {
      const name = `r${i}.mp3`;
      vendor.serve(name, { body: Buffer.alloc(sizes[i]!, i), contentType: 'audio/mpeg' });
      ids.push((await sendCall(core, recordedCall(i + 1, vendor.url(name), r.voicemail ? 'voicemail' : 'answered', 1 + Math.floor(i / 2)))).id);
    }
    let states = '';
    for (let stable = 0; stable < 10;) {
      await new Promise((r) => setTimeout(r, 50));
      const { calls } = await core.api<ListCallsResponse>('/api/calls?limit=100');
      const now = JSON.stringify(ids.map((id) => calls.find((c) => c.id === id)?.recording?.state));
      stable = now === states ? stable + 1 : 0;
      states = now;
    }
    const state = JSON.parse(states) as string[];
    const dir = path.join(core.dataDir, 'recordings');
    const used = fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
    const kept = (voicemail: boolean) => state.filter((s, i) => s === 'cached' && newest[i]!.voicemail === voicemail).length;
    console.log(
      `budget ${budget} B; disk used ${used} B (${((100 * used) / budget).toFixed(0)}%); kept ${kept(true)} of ${newest.filter((r) => r.voicemail).length} voicemails, ` +
        `${kept(false)} of ${newest.filter((r) => !r.voicemail).length} others; states ${state.join(' ')}`,
    );
    expect(used).toBeLessThanOrEqual(budget);
    expect(used).toBe(state.reduce((sum, s, i) => sum + (s === 'cached' ? sizes[i]! : 0), 0));
    // Every voicemail is kept while any other call's recording is; the others kept are the newest ones.
    const others = state.map((s, i) => ({ s, i })).filter(({ i }) => !newest[i]!.voicemail);
    const firstKept = others.findIndex(({ s }) => s === 'cached');
    expect(others.slice(firstKept).every(({ s }) => s === 'cached')).toBe(true);
    if (kept(false) > 0) expect(kept(true)).toBe(newest.filter((r) => r.voicemail).length);
  });
});
