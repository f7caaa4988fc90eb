// Recordings that play offline, over real HTTP on loopback with a real SQLite file: a voicemail's recording
// is downloaded from the vendor's (stand-in) server at once and served from the app listener with range
// requests, also once the vendor is out of reach and after a restart; failures are said in words.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallDetailResponse } from '../../shared/api';
import { startCore } from '../../electron/core/core';
import { corePool, tempDir } from '../support/core';
import { envelope } from '../support/payloads';
import { recordedCall, recordingOf, sendCall, startRecordingStandIn, wavTone, type RecordingStandIn } from '../support/recordingStandIn';

const pool = corePool();
const standIns: RecordingStandIn[] = [];
afterEach(async () => {
  await pool.stopStarted();
  await Promise.all(standIns.splice(0).map((s) => s.stop()));
});

async function standIn(): Promise<RecordingStandIn> {
  const s = await startRecordingStandIn();
  standIns.push(s);
  return s;
}

describe('a voicemail recording, downloaded at once and played from the app', () => {
  it('is served from the data folder with ranges, also with the vendor out of reach', async () => {
    const vendor = await standIn();
    const audio = wavTone(1.5);
    vendor.serve('vm-1.wav', { body: audio, contentType: 'audio/wav' });
    const core = await pool.start();
    const call = await sendCall(core, recordedCall(1, vendor.url('vm-1.wav'), 'voicemail'));
    expect(call.voicemail).toBe(true);
    const recording = await recordingOf(core, call.id, ['cached']);
    expect(recording).toEqual({ state: 'cached', src: `/api/calls/${call.id}/recording`, bytes: audio.length, error: null });
    expect(fs.readFileSync(path.join(core.dataDir, 'recordings', `${call.id}.wav`)).equals(audio)).toBe(true);
    expect(await core.recordingFile(call.id)).toEqual({
      path: path.join(core.dataDir, 'recordings', `${call.id}.wav`),
      contentType: 'audio/wav',
      bytes: audio.length,
    });

    await vendor.stop(); // the network to the vendor cut
    const whole = await core.appFetch(recording.src!);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/wav');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('cache-control')).toBe('no-store');
    expect(whole.headers.get('content-security-policy')).toContain("media-src 'self'");
    expect(Buffer.from(await whole.arrayBuffer()).equals(audio)).toBe(true);

    const first = await core.appFetch(recording.src!, { headers: { range: 'bytes=0-99' } });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe(`bytes 0-99/${audio.length}`);
    expect(Buffer.from(await first.arrayBuffer()).equals(audio.subarray(0, 100))).toBe(true);

    const suffix = await core.appFetch(recording.src!, { headers: { range: 'bytes=-64' } });
    expect(suffix.status).toBe(206);
    expect(Buffer.from(await suffix.arrayBuffer()).equals(audio.subarray(audio.length - 64))).toBe(true);

    const beyond = await core.appFetch(recording.src!, { headers: { range: `bytes=${audio.length + 10}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${audio.length}`);

    const unkeyed = await fetch(new URL(recording.src!, core.appUrl));
    expect(unkeyed.status).toBe(401);
  });

  it('keeps its file over a restart, and drops the half-written ones an interrupted run left', async () => {
    const vendor = await standIn();
    const audio = wavTone(0.5);
    vendor.serve('vm-2.wav', { body: audio });
    const dataDir = tempDir();
    const first = await startCore({ dataDir, webhookPort: 0, appPort: 0 });
    const res = await fetch(first.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: envelope([recordedCall(2, vendor.url('vm-2.wav'), 'voicemail')]),
    });
    expect(res.status).toBe(200);
    const id = first.store.listCalls({ limit: 1 }).calls[0]!.id;
    for (let i = 0; i < 400 && (await first.recordingFile(id)) === null; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await first.recordingFile(id)).not.toBeNull();
    await first.close();
    await vendor.stop();
    const stray = path.join(dataDir, 'recordings', `.${id}-0123456789ab.part`);
    fs.writeFileSync(stray, 'half');

    const core = await pool.start({ dataDir });
    expect(fs.existsSync(stray)).toBe(false);
    expect((await core.api<CallDetailResponse>(`/api/calls/${id}`)).call.recording?.state).toBe('cached');
    const served = await core.appFetch(`/api/calls/${id}/recording`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(audio)).toBe(true);
  });
});

describe('a recording of another type', () => {
  it('is kept as bytes and served as bytes, so a page sent instead never runs as the app', async () => {
    const vendor = await standIn();
    const page = Buffer.from('<html><script>alert(1)</script></html>');
    vendor.serve('page.wav', { body: page, contentType: 'text/html; charset=utf-8' });
    const core = await pool.start();
    const call = await sendCall(core, recordedCall(21, vendor.url('page.wav'), 'voicemail'));
    await recordingOf(core, call.id, ['cached']);
    expect(fs.existsSync(path.join(core.dataDir, 'recordings', `${call.id}.bin`))).toBe(true);
    const served = await core.appFetch(`/api/calls/${call.id}/recording`);
    expect(served.headers.get('content-type')).toBe('application/octet-stream');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await served.arrayBuffer()).equals(page)).toBe(true);
  });
});

describe('a recording that cannot be downloaded says why', () => {
  it('names a 404, a stalled server, a file too large and an address that is not the web', async () => {
    const vendor = await standIn();
    vendor.serve('stall.wav', { body: Buffer.alloc(0), stall: true });
    vendor.serve('big.wav', { body: wavTone(2) });
    const core = await pool.start({ recordingFetch: { limits: { timeoutMs: 300, maxBytes: 20_000 }, retryUnitMs: 10 } });
    // The stalled one is the oldest, fetched last: a server out of reach pauses the downloads until the next call comes.
    const stalled = await sendCall(core, recordedCall(11, vendor.url('stall.wav'), 'voicemail'));
    const missing = await sendCall(core, recordedCall(12, vendor.url('gone.wav'), 'voicemail'));
    const big = await sendCall(core, recordedCall(13, vendor.url('big.wav'), 'voicemail'));
    const local = await sendCall(core, recordedCall(14, 'file:///etc/passwd', 'voicemail'));

    const failed = async (id: number) => (await recordingOf(core, id, ['failed'])).error;
    expect(await failed(missing.id)).toBe("The vendor's server has no recording at this address (HTTP 404)");
    expect(await failed(stalled.id)).toBe("The vendor's server did not send the recording within 0.3 s");
    expect(await failed(big.id)).toBe('The recording is larger than 20 kB, so it was not kept');
    expect(await failed(local.id)).toBe("The recording's address is not a web address (only http and https are fetched)");
    // A 404 is not tried again; a stalled server is, three times.
    expect(vendor.requests('gone.wav')).toBe(1);
    expect(vendor.requests('stall.wav')).toBe(3);
    expect(fs.readdirSync(path.join(core.dataDir, 'recordings'))).toEqual([]);

    const refused = await core.appFetch(`/api/calls/${missing.id}/recording`);
    expect(refused.status).toBe(404);
    expect(await refused.json()).toEqual({
      error: "The recording could not be downloaded: The vendor's server has no recording at this address (HTTP 404)",
    });
    const none = await core.appFetch('/api/calls/999999/recording');
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({ error: 'This call has no recording' });
  });
});
