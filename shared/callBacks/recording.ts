// Recordings kept on this PC, the pure part: which addresses may be fetched, how they are logged, the file's
// extension, the view the window reads, and which cached recordings make room for a new one.

import type { RecordingView } from '../domain';

export type RecordingState = RecordingView['state'];

/** The address of a call's recording as served by the app's own listener (and the desktop's app:// protocol). */
export function recordingSrc(callId: number): string {
  return `/api/calls/${callId}/recording`;
}

/** Only web addresses are fetched: a file: or other scheme in a webhook must never read this PC's files. */
export function fetchableUrl(url: string): URL | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : null;
  } catch {
    return null;
  }
}

/** Host and path only: a recording's query string may carry a signature that grants access. */
export function urlForLog(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(not an address)';
  }
}

/** The file's extension, from the content type the vendor sent. */
export function recordingExtension(contentType: string | null): 'mp3' | 'wav' | 'bin' {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'audio/mpeg' || type === 'audio/mp3') return 'mp3';
  if (type === 'audio/wav' || type === 'audio/x-wav' || type === 'audio/wave') return 'wav';
  return 'bin';
}

/**
 * The type a recording is served with from the app's own origin: the vendor's, when audio or video; anything
 * else (an HTML error page sent with 200) as bytes, so it can never run as a page of the app.
 */
export function servedType(contentType: string | null): string {
  const type = (contentType ?? '').toLowerCase();
  return /^(audio|video)\/[a-z0-9.+-]+$/.test(type) ? type : 'application/octet-stream';
}

/** What the window reads for a call: null when the call has no recording. */
export function recordingView(
  callId: number,
  hasUrl: boolean,
  row: { state: RecordingState; bytes: number | null; error: string | null } | null,
): RecordingView | null {
  if (!hasUrl) return null;
  if (!row) return { state: 'pending', src: null, bytes: null, error: null };
  return { state: row.state, src: row.state === 'cached' ? recordingSrc(callId) : null, bytes: row.bytes, error: row.error };
}

export interface CachedRecording {
  callId: number;
  bytes: number;
  startedMs: number;
  voicemail: boolean;
  /** Asked for lately (someone may be listening, seeking with range requests): evicted only for another asked for. */
  pinned: boolean;
}

/** The order cached recordings are evicted in: non-voicemails before voicemails, each oldest first. */
export function evictionOrder(cached: readonly CachedRecording[]): CachedRecording[] {
  return [...cached].sort((a, b) => Number(a.voicemail) - Number(b.voicemail) || a.startedMs - b.startedMs || a.callId - b.callId);
}

/** Whether `a` is kept before `b` when room runs out (a voicemail before another call, then the newer). */
function worthMore(a: Pick<CachedRecording, 'voicemail' | 'startedMs'>, b: CachedRecording): boolean {
  return a.voicemail !== b.voicemail ? a.voicemail : a.startedMs > b.startedMs;
}

/**
 * Room for a recording of `incoming.bytes` within `budget`: the cached ones to evict, in eviction order, or
 * keep=false when it is not worth its room. A recording someone asked for is kept whatever it evicts; one
 * fetched in the background evicts only recordings worth less than itself.
 */
export function planRoom(
  cached: readonly CachedRecording[],
  incoming: Omit<CachedRecording, 'callId' | 'pinned'> & { asked: boolean },
  budget: number,
): { keep: boolean; evict: number[] } {
  let used = cached.reduce((sum, c) => sum + c.bytes, 0);
  const evict: number[] = [];
  for (const victim of evictionOrder(cached.filter((c) => incoming.asked || !c.pinned))) {
    if (used + incoming.bytes <= budget) break;
    if (!incoming.asked && !worthMore(incoming, victim)) break;
    evict.push(victim.callId);
    used -= victim.bytes;
  }
  if (used + incoming.bytes <= budget || incoming.asked) return { keep: true, evict };
  return { keep: false, evict: [] };
}

/**
 * The start a background fetch's call must be newer than to find room (checked before downloading it):
 * -Infinity while there is room, null when no call of this kind would be worth its room. The candidate query
 * stops at it rather than walk every call already tried.
 */
export function fetchableAfter(cached: readonly CachedRecording[], voicemail: boolean, budget: number): number | null {
  const used = cached.reduce((sum, c) => sum + c.bytes, 0);
  // Full when a recording of the usual size would not fit in what is left.
  if (cached.length === 0 || budget - used >= used / cached.length) return -Infinity;
  const first = evictionOrder(cached.filter((c) => !c.pinned))[0];
  if (first === undefined) return null;
  if (first.voicemail !== voicemail) return voicemail ? -Infinity : null;
  return first.startedMs;
}

/** After `tries` in all failed for a cause that can pass: the wait before trying again (10 min, doubling to a day). */
export function retryLater(tries: number): number {
  return Math.min(10 * 60_000 * 2 ** Math.max(0, Math.floor(tries / 3) - 1), 24 * 3_600_000);
}

/** The wait before try `n` (1-based) after a failure: 1 s, then 4 s (scaled by `unitMs` in tests). */
export function retryDelay(tryNumber: number, unitMs = 1000): number {
  return unitMs * 4 ** (tryNumber - 1);
}
