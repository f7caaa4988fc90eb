// The live stream with clients that stop reading: real sockets that connect and never read. They are closed
// once they fall behind by a bounded buffer, while a client that reads gets every event. Real core, real HTTP
// on loopback, real SQLite file.

import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_UNSENT_BYTES } from '../../electron/core/api/liveStream';
import { startTestCore, type TestCore } from '../support/core';
import { envelope, processedNotification, type CallSpec } from '../support/payloads';

const STALLED = 20;
const WEBHOOKS = 30;

/** A stream client that sends its request and then never reads: its socket is paused from the start. */
function stalledClient(port: number, key: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' }, () => {
      socket.write(`GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\nAuthorization: Bearer ${key}\r\n\r\n`);
      resolve(socket);
    });
    socket.pause();
    socket.on('error', reject);
  });
}

/** Reads what the server left for `socket`: whether the server had closed it, and how many bytes it got. */
function drain(socket: net.Socket, waitMs: number): Promise<{ closed: boolean; bytes: number }> {
  return new Promise((resolve) => {
    let bytes = 0;
    const timer = setTimeout(() => resolve({ closed: false, bytes }), waitMs);
    socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, bytes });
    });
    socket.resume();
  });
}

/** A client that reads: counts the call events it receives. */
async function readingClient(core: TestCore) {
  const controller = new AbortController();
  const res = await core.appFetch('/api/stream', { signal: controller.signal });
  const reader = res.body!.getReader();
  const state = { calls: 0, text: '' };
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      state.text += Buffer.from(value!).toString('utf8');
      const frames = state.text.split('\n\n');
      state.text = frames.pop()!;
      state.calls += frames.filter((f) => f.startsWith('event: call')).length;
    }
  })();
  return { state, close: () => controller.abort() };
}

let core: TestCore | null = null;
let sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets = [];
  await core?.stop();
  core = null;
});

describe('live stream', () => {
  it('closes clients that stop reading, and the clients that read get every event', { timeout: 60_000 }, async () => {
    core = await startTestCore();
    const { appPort: port, appKey: key } = core;
    sockets = await Promise.all(Array.from({ length: STALLED }, () => stalledClient(port, key)));
    const reading = await readingClient(core);
    // Each call carries a ~100 kB transcript: far more than a socket's kernel buffers hold.
    const transcript = `Caller: ${'I would like to book a furnace repair next week. '.repeat(6000)}`;
    for (let i = 0; i < WEBHOOKS; i++) {
      const spec: CallSpec = {
        telmetricsId: String(9000 + i),
        callerNumber: `61355501${String(i).padStart(2, '0')}`,
        localStart: '2019-11-15T09:09:54',
        ringUtc: '2019-11-15T14:09:46.100',
        transcript,
      };
      expect((await core.post(envelope([processedNotification(spec)]))).status).toBe(200);
    }
    await expect.poll(() => reading.state.calls, { timeout: 10_000 }).toBe(WEBHOOKS);

    const seen = await Promise.all(sockets.map((s) => drain(s, 3000)));
    expect(seen.every((s) => s.closed)).toBe(true);
    // What a closed client was sent is bounded: its kernel buffers, the bound and one frame; far below all 30 calls.
    for (const s of seen) expect(s.bytes).toBeLessThan(WEBHOOKS * transcript.length);
    for (const s of seen) expect(s.bytes).toBeLessThan(8 * MAX_UNSENT_BYTES);
    reading.close();

    // A client that comes back is served again, the tunnel's status first.
    const back = await stalledClient(port, key);
    sockets.push(back);
    const hello = await new Promise<string>((resolve) => {
      back.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8')));
      back.resume();
    });
    expect(hello).toContain('200 OK');
    await expect.poll(() => core!.feed.size).toBe(1);
  });
});
