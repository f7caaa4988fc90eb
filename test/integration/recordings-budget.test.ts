// The recordings' disk budget over real HTTP and files: the oldest non-voicemails are evicted first, then the
// oldest voicemails; an old recording is not fetched into a full budget; an evicted one asked for comes back.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ListCallsResponse } from '../../shared/api';
import { corePool, type TestCore } from '../support/core';
import { recordedCall, recordingOf, sendCall, startRecordingStandIn, wavTone, type RecordingStandIn } from '../support/recordingStandIn';

const pool = corePool();
let vendor: RecordingStandIn | null = null;
afterEach(async () => {
  await pool.stopStarted();
  await vendor?.stop();
});

const AUDIO = wavTone(0.5);
/** Room for three recordings, not four. */
const BUDGET = 3 * AUDIO.length + 1000;

/** Bytes of the files in the recordings folder. */
function diskUsed(core: TestCore): number {
  const dir = path.join(core.dataDir, 'recordings');
  return fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
}

describe('the recordings disk budget', () => {
  it('evicts the oldest non-voicemails first, then the oldest voicemails, and fetches an evicted one again when asked', async () => {
    vendor = await startRecordingStandIn();
    const core = await pool.start({ recordingBudgetBytes: BUDGET });
    const ids = new Map<string, number>();
    const arrive = async (name: string, kind: 'voicemail' | 'answered', day: number, settles: string[] = ['cached']) => {
      vendor!.serve(name, { body: AUDIO });
      const call = await sendCall(core, recordedCall(ids.size + 1, vendor!.url(name), kind, day));
      ids.set(name, call.id);
      if (settles.length > 0) await recordingOf(core, call.id, settles);
    };
    // Read from the list: opening a call's detail would ask for its recording.
    const states = async () => {
      const { calls } = await core.api<ListCallsResponse>('/api/calls?limit=50');
      return Object.fromEntries([...ids].map(([name, id]) => [name, calls.find((c) => c.id === id)?.recording?.state]));
    };
    const cached = async () =>
      Object.entries(await states())
        .filter(([, state]) => state === 'cached')
        .map(([name]) => name);

    await arrive('vm1', 'voicemail', 1);
    await arrive('a1', 'answered', 2);
    await arrive('a2', 'answered', 3);
    expect(await cached()).toEqual(['vm1', 'a1', 'a2']);
    await arrive('a3', 'answered', 4);
    expect(await cached()).toEqual(['vm1', 'a2', 'a3']);
    await arrive('vm2', 'voicemail', 5);
    expect(await cached()).toEqual(['vm1', 'a3', 'vm2']);
    await arrive('vm3', 'voicemail', 6);
    expect(await cached()).toEqual(['vm1', 'vm2', 'vm3']);
    await arrive('vm4', 'voicemail', 7);
    expect(await cached()).toEqual(['vm2', 'vm3', 'vm4']);
    expect(diskUsed(core)).toBe(3 * AUDIO.length);

    // A newer call's recording is worth less than the voicemails kept: not fetched into a full budget.
    await arrive('a4', 'answered', 8, []);
    await new Promise((r) => setTimeout(r, 300));
    expect((await states()).a4).toBe('pending');
    expect(vendor.requests('a4')).toBe(0);

    // Asked for by the player: fetched again, evicting the oldest voicemail (no other call is cached).
    expect((await states()).a1).toBe('evicted');
    const played = await core.appFetch(`/api/calls/${ids.get('a1')}/recording`);
    expect(played.status).toBe(200);
    expect(Buffer.from(await played.arrayBuffer()).equals(AUDIO)).toBe(true);
    expect(vendor.requests('a1')).toBe(2);
    expect(await cached()).toEqual(['a1', 'vm3', 'vm4']);

    // Opening an evicted call's detail asks for it too.
    await core.api(`/api/calls/${ids.get('a2')}`);
    await recordingOf(core, ids.get('a2')!, ['cached']);
    expect(await cached()).toEqual(['a2', 'vm3', 'vm4']);
    expect((await states()).a4).toBe('pending');
    expect(diskUsed(core)).toBeLessThanOrEqual(BUDGET);
    expect(fs.readdirSync(path.join(core.dataDir, 'recordings')).sort()).toEqual(
      [ids.get('a2'), ids.get('vm3'), ids.get('vm4')].map((id) => `${id}.wav`).sort(),
    );
  });
});
