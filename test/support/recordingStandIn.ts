// A stand-in of the vendor's recording server on loopback: serves audio bytes at the addresses put in
// webhooks' VoiceRecordingUrl (with a signature in the query string, as signed links carry), answers the
// faults a test queues (404, a stall, a body too large), counts requests, and can be stopped: the network to
// the vendor cut.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ListCallsResponse } from '../../shared/api';
import type { Call } from '../../shared/domain';
import type { TestCore } from './core';
import { envelope, processedNotification, type CallSpec } from './payloads';

export interface Served {
  body: Buffer;
  contentType?: string;
  status?: number;
  /** Send the headers, then nothing (a server that stalls). */
  stall?: boolean;
}

/** A valid PCM WAV (16-bit mono) of a 440 Hz tone, so a browser can decode and play it. */
export function wavTone(seconds: number, sampleRate = 8000): Buffer {
  const samples = Math.round(seconds * sampleRate);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate)), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

export interface RecordingStandIn {
  /** The signed address of a recording served at `/recordings/<name>`. */
  url(name: string): string;
  serve(name: string, served: Served): void;
  /** Requests received for a recording, by name. */
  requests(name: string): number;
  stop(): Promise<void>;
}

export const SIGNATURE_QUERY = 'Signature=stand-in-secret-signature&Expires=1999999999';

export async function startRecordingStandIn(): Promise<RecordingStandIn> {
  const recordings = new Map<string, Served>();
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const name = decodeURIComponent(url.pathname.replace(/^\/recordings\//, ''));
    counts.set(name, (counts.get(name) ?? 0) + 1);
    const served = recordings.get(name);
    if (!served || !url.search.includes('Signature=')) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('NoSuchKey');
    if (served.stall) return void res.writeHead(200, { 'content-type': served.contentType ?? 'audio/wav' }).flushHeaders();
    res.writeHead(served.status ?? 200, { 'content-type': served.contentType ?? 'audio/wav', 'content-length': served.body.length });
    res.end(served.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (name) => `http://127.0.0.1:${port}/recordings/${encodeURIComponent(name)}?${SIGNATURE_QUERY}`,
    serve: (name, served) => void recordings.set(name, served),
    requests: (name) => counts.get(name) ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A call on day `day` of November 2026 whose Call Processed carries `recordingUrl`. */
export function recordedCall(n: number, recordingUrl: string, kind: 'voicemail' | 'answered', day = 10): object {
  const spec: CallSpec = {
    telmetricsId: `61000${String(n).padStart(4, '0')}`,
    callerNumber: `90555${String(n).padStart(5, '0')}`,
    localStart: `2026-11-${String(day).padStart(2, '0')}T09:${String(n % 60).padStart(2, '0')}:00`,
    ringUtc: `2026-11-${String(day).padStart(2, '0')}T13:${String(n % 60).padStart(2, '0')}:00.000`,
    answered: kind === 'answered',
    seconds: kind === 'answered' ? 95 : 0,
    recordingUrl,
  };
  return { ...processedNotification(spec), ...(kind === 'voicemail' ? { VoiceMailDetected: true } : {}) };
}

export async function sendCall(core: TestCore, notification: object): Promise<Call> {
  const res = await core.post(envelope([notification]));
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
  const telmetricsId = String((notification as { TelmetricsId: number }).TelmetricsId);
  const { calls } = await core.api<ListCallsResponse>('/api/calls?limit=200');
  const call = calls.find((c) => c.telmetricsId === telmetricsId);
  if (!call) throw new Error(`call ${telmetricsId} not stored`);
  return call;
}

/** Polls the call (in the list: opening its detail would ask for its recording) until its recording is in one of `states`. */
export async function recordingOf(core: TestCore, id: number, states: string[], timeoutMs = 10_000): Promise<NonNullable<Call['recording']>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const call = (await core.api<ListCallsResponse>('/api/calls?limit=200')).calls.find((c) => c.id === id);
    if (!call) throw new Error(`no call ${id}`);
    if (call.recording && states.includes(call.recording.state)) return call.recording;
    if (Date.now() > until) throw new Error(`recording of call ${id} is ${JSON.stringify(call.recording)}, not ${states.join('/')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
