// `npm run serve` with recordings, as its own process: --recording-budget-mb bounds the disk they take, and
// what it prints names a recording by host and path, never by its signed query string.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ListCallsResponse } from '../../shared/api';
import type { Call } from '../../shared/domain';
import { postWebhook, tempDir } from '../support/core';
import { spawnHeadless, type HeadlessServer } from '../support/headless';
import { envelope } from '../support/payloads';
import { recordedCall, SIGNATURE_QUERY, startRecordingStandIn, wavTone, type RecordingStandIn } from '../support/recordingStandIn';

let server: HeadlessServer | null = null;
let vendor: RecordingStandIn | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await server?.stop();
  server = null;
  await vendor?.stop();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function recordings(s: HeadlessServer): Promise<Record<string, Call['recording']>> {
  const res = await s.appFetch('/api/calls?limit=50');
  const { calls } = (await res.json()) as ListCallsResponse;
  return Object.fromEntries(calls.map((c): [string, Call['recording']] => [c.telmetricsId ?? '', c.recording]));
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('recordings in headless mode', () => {
  it('keeps within --recording-budget-mb and logs no signed query string', async () => {
    vendor = await startRecordingStandIn();
    // 37.5 s of 8 kHz 16-bit audio: 600 kB, so a 1 MB budget holds one.
    const audio = wavTone(37.5);
    vendor.serve('first.wav', { body: audio });
    vendor.serve('second.wav', { body: audio });
    const dataDir = tempDir();
    dirs.push(dataDir);
    server = await spawnHeadless(['--data-dir', dataDir, '--webhook-port', '0', '--app-port', '0', '--recording-budget-mb', '1']);
    const send = async (n: number, url: string, day: number) =>
      expect((await postWebhook(server!.webhookUrl, envelope([recordedCall(n, url, 'voicemail', day)]))).status).toBe(200);

    await send(1, vendor.url('first.wav'), 1);
    await until(
      () => recordings(server!),
      (r) => r['610000001']?.state === 'cached',
    );
    await send(2, vendor.url('second.wav'), 2);
    const after = await until(
      () => recordings(server!),
      (r) => r['610000002']?.state === 'cached' && r['610000001']?.state === 'evicted',
    );
    expect(after['610000001']?.state).toBe('evicted');
    expect(after['610000002']).toMatchObject({ state: 'cached', bytes: audio.length });
    expect(fs.readdirSync(path.join(dataDir, 'recordings'))).toHaveLength(1);

    await send(3, vendor.url('gone.wav'), 3);
    const failed = await until(
      () => recordings(server!),
      (r) => r['610000003']?.state === 'failed',
    );
    expect(failed['610000003']?.error).toBe("The vendor's server has no recording at this address (HTTP 404)");
    await until(
      async () => server!.output(),
      (out) => out.includes('gone.wav'),
    );
    const printed = server.output();
    expect(printed).toContain(`(${new URL(vendor.url('gone.wav')).origin}/recordings/gone.wav) could not be downloaded`);
    expect(printed).not.toContain(SIGNATURE_QUERY);
    expect(printed).not.toContain('Signature=');
  });

  it('refuses a budget that is not a whole number of megabytes', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    await expect(spawnHeadless(['--data-dir', dataDir, '--webhook-port', '0', '--app-port', '0', '--recording-budget-mb', '1.5'])).rejects.toThrow(
      /--recording-budget-mb must be a whole number of megabytes/,
    );
  });
});
