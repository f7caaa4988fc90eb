// One try at downloading a recording into the recordings folder: streamed to a temp file within a size cap and
// a time limit, then renamed, so a file under its final name is always whole.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fetchableUrl, recordingExtension } from '../../../shared/callBacks/recording';
import { sizeInWords } from '../../../shared/format';

export interface DownloadLimits {
  maxBytes: number;
  timeoutMs: number;
}

export type DownloadResult =
  | { ok: true; file: string; bytes: number; contentType: string }
  | { ok: false; error: string; /** Whether another try could work (a network fault, not a 404). */ retry: boolean };

class TooLarge extends Error {}

/** Why a try failed, in words for the person who wanted to hear it. */
export function describeFailure(error: unknown, limits: DownloadLimits): { error: string; retry: boolean } {
  if (error instanceof TooLarge) return { error: `The recording is larger than ${sizeInWords(limits.maxBytes)}, so it was not kept`, retry: false };
  const e = error as Error & { cause?: { code?: string } };
  if (e.name === 'TimeoutError') return { error: `The vendor's server did not send the recording within ${limits.timeoutMs / 1000} s`, retry: true };
  const code = e.cause?.code ?? (e as NodeJS.ErrnoException).code;
  // A full disk passes once space is freed; as a lasting failure it would write off every recording fetched meanwhile.
  if (code === 'ENOSPC') return { error: 'The disk is full; the download is tried again later', retry: true };
  return { error: `The vendor's server could not be reached (${code ?? e.message})`, retry: true };
}

/** Downloads `url` to `<dir>/<callId>.<ext>`; `stop` abandons it (the core closing). */
export async function downloadRecording(
  url: string,
  dir: string,
  callId: number,
  limits: DownloadLimits,
  stop?: AbortSignal,
): Promise<DownloadResult> {
  const address = fetchableUrl(url);
  if (!address) return { ok: false, error: "The recording's address is not a web address (only http and https are fetched)", retry: false };
  const temp = path.join(dir, `.${callId}-${randomBytes(6).toString('hex')}.part`);
  // A controller of our own, held by its timer: a signal from AbortSignal.any() can be collected before it fires.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new DOMException('timed out', 'TimeoutError')), limits.timeoutMs);
  const stopped = () => abort.abort(stop?.reason);
  stop?.addEventListener('abort', stopped, { once: true });
  try {
    const res = await fetch(address, { signal: abort.signal, redirect: 'follow' });
    if (!res.ok) {
      await res.body?.cancel();
      const missing = res.status === 404 || res.status === 410;
      return {
        ok: false,
        error: missing
          ? `The vendor's server has no recording at this address (HTTP ${res.status})`
          : `The vendor's server answered HTTP ${res.status}`,
        retry: res.status >= 500 || res.status === 408 || res.status === 429,
      };
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > limits.maxBytes) {
      await res.body?.cancel();
      throw new TooLarge();
    }
    const contentType =
      (res.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]?.trim().toLowerCase() || 'application/octet-stream';
    let bytes = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done(bytes > limits.maxBytes ? new TooLarge() : null, chunk);
      },
    });
    fs.mkdirSync(dir, { recursive: true });
    await pipeline(Readable.fromWeb((res.body ?? new ReadableStream()) as WebReadableStream), counted, fs.createWriteStream(temp, { mode: 0o600 }));
    const file = `${callId}.${recordingExtension(contentType)}`;
    fs.renameSync(temp, path.join(dir, file));
    return { ok: true, file, bytes, contentType };
  } catch (error) {
    fs.rmSync(temp, { force: true });
    return { ok: false, ...describeFailure(error, limits) };
  } finally {
    clearTimeout(timer);
    stop?.removeEventListener('abort', stopped);
  }
}
