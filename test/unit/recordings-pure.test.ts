import { describe, expect, it } from 'vitest';
import {
  evictionOrder,
  fetchableAfter,
  fetchableUrl,
  planRoom,
  recordingExtension,
  recordingView,
  retryDelay,
  retryLater,
  servedType,
  urlForLog,
  type CachedRecording,
} from '../../shared/callBacks/recording';

const rec = (callId: number, startedMs: number, voicemail: boolean, bytes = 10, pinned = false): CachedRecording => ({
  callId,
  startedMs,
  voicemail,
  bytes,
  pinned,
});

describe('which recording addresses are fetched, and how they are logged', () => {
  it('fetches http and https only', () => {
    expect(fetchableUrl('https://vendor.example/r/1.mp3?sig=x')?.host).toBe('vendor.example');
    expect(fetchableUrl('http://127.0.0.1:8080/r.wav')).not.toBeNull();
    for (const url of ['file:///etc/passwd', 'ftp://vendor.example/r.mp3', 'data:audio/wav;base64,AAAA', 'javascript:alert(1)', 'not a url', ''])
      expect(fetchableUrl(url)).toBeNull();
  });

  it('logs host and path, never the query string or credentials', () => {
    expect(urlForLog('https://user:pw@vendor.example:8443/files/123.mp3?Signature=SECRET&Expires=1#x')).toBe(
      'https://vendor.example:8443/files/123.mp3',
    );
    expect(urlForLog('garbage')).toBe('(not an address)');
  });

  it('names the file by its content type', () => {
    expect(recordingExtension('audio/mpeg')).toBe('mp3');
    expect(recordingExtension('Audio/MPEG; charset=binary')).toBe('mp3');
    expect(recordingExtension('audio/wav')).toBe('wav');
    expect(recordingExtension('audio/x-wav')).toBe('wav');
    expect(recordingExtension('application/octet-stream')).toBe('bin');
    expect(recordingExtension(null)).toBe('bin');
  });

  it('serves audio and video as sent, anything else as bytes', () => {
    expect(servedType('audio/mpeg')).toBe('audio/mpeg');
    expect(servedType('audio/wav')).toBe('audio/wav');
    expect(servedType('text/html')).toBe('application/octet-stream');
    expect(servedType('audio/mpeg<script>')).toBe('application/octet-stream');
    expect(servedType(null)).toBe('application/octet-stream');
  });

  it('backs off 1 s then 4 s between tries, then tries again later: 10 min, doubling, at most a day apart', () => {
    expect([retryDelay(1), retryDelay(2)]).toEqual([1000, 4000]);
    expect([3, 6, 9, 30, 300].map((tries) => retryLater(tries) / 60_000)).toEqual([10, 20, 40, 1440, 1440]);
  });
});

describe('the view of a recording', () => {
  it('plays from the app only when cached', () => {
    expect(recordingView(7, false, null)).toBeNull();
    expect(recordingView(7, true, null)).toEqual({ state: 'pending', src: null, bytes: null, error: null });
    expect(recordingView(7, true, { state: 'cached', bytes: 99, error: null })).toEqual({
      state: 'cached',
      src: '/api/calls/7/recording',
      bytes: 99,
      error: null,
    });
    expect(recordingView(7, true, { state: 'failed', bytes: null, error: 'HTTP 404' })).toEqual({
      state: 'failed',
      src: null,
      bytes: null,
      error: 'HTTP 404',
    });
  });
});

describe('room within the budget', () => {
  const cached = [rec(1, 100, true), rec(2, 300, false), rec(3, 200, false), rec(4, 400, true)];

  it('evicts non-voicemails oldest first, then voicemails oldest first', () => {
    expect(evictionOrder(cached).map((c) => c.callId)).toEqual([3, 2, 1, 4]);
  });

  it('evicts only what it must', () => {
    expect(planRoom(cached, { bytes: 10, startedMs: 500, voicemail: false, asked: false }, 50)).toEqual({ keep: true, evict: [] });
    expect(planRoom(cached, { bytes: 10, startedMs: 500, voicemail: false, asked: false }, 40)).toEqual({ keep: true, evict: [3] });
    expect(planRoom(cached, { bytes: 25, startedMs: 500, voicemail: true, asked: false }, 40)).toEqual({ keep: true, evict: [3, 2, 1] });
  });

  it('does not let a background recording evict one worth more', () => {
    // An older call's recording does not push out newer ones, nor does any call push out a voicemail.
    expect(planRoom(cached, { bytes: 10, startedMs: 150, voicemail: false, asked: false }, 40)).toEqual({ keep: false, evict: [] });
    expect(planRoom(cached, { bytes: 30, startedMs: 500, voicemail: false, asked: false }, 40)).toEqual({ keep: false, evict: [] });
    expect(planRoom(cached, { bytes: 10, startedMs: 50, voicemail: true, asked: false }, 40)).toEqual({ keep: true, evict: [3] });
  });

  it('keeps one asked for whatever it evicts, pinned ones too', () => {
    const pinned = cached.map((c) => ({ ...c, pinned: c.callId === 3 }));
    expect(planRoom(pinned, { bytes: 10, startedMs: 500, voicemail: false, asked: false }, 40)).toEqual({ keep: true, evict: [2] });
    expect(planRoom(pinned, { bytes: 10, startedMs: 1, voicemail: false, asked: true }, 40)).toEqual({ keep: true, evict: [3] });
    expect(planRoom(pinned, { bytes: 100, startedMs: 1, voicemail: false, asked: true }, 40)).toEqual({ keep: true, evict: [3, 2, 1, 4] });
  });

  it('does not download into a full budget what could not stay', () => {
    expect(fetchableAfter([], false, 10)).toBe(-Infinity);
    expect(fetchableAfter(cached, false, 50)).toBe(-Infinity);
    // Full: a call is fetched only when newer than the first the budget would evict (call 3, at 200).
    expect(fetchableAfter(cached, false, 40)).toBe(200);
    expect(fetchableAfter(cached, true, 40)).toBe(-Infinity);
    const voicemails = cached.filter((c) => c.voicemail);
    expect(fetchableAfter(voicemails, false, 20)).toBeNull();
    expect(fetchableAfter(voicemails, true, 20)).toBe(100);
    expect(
      fetchableAfter(
        cached.map((c) => ({ ...c, pinned: true })),
        true,
        40,
      ),
    ).toBeNull();
  });
});
