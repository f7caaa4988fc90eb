// The desktop window's recordings over app://: which URLs ask for one, and the bytes a Range header asks for
// (RFC 9110 §14), as a media element seeking in a cached voicemail sends them.

import { describe, expect, it } from 'vitest';
import { rangeResponse, recordingCallId } from '../../electron/shell/recordingResponse';

describe('which app:// URL asks for a recording', () => {
  it('the Call’s recording src, resolved against the app origin', () => {
    expect(recordingCallId(new URL('/api/calls/42/recording', 'app://call-alerts/index.html#/calls').href)).toBe(42);
    expect(recordingCallId('app://call-alerts/api/calls/7/recording?t=1')).toBe(7);
  });

  it('nothing else: other hosts and schemes, other paths, ids that are not call ids', () => {
    for (const url of [
      'app://other/api/calls/42/recording',
      'http://127.0.0.1:47801/api/calls/42/recording',
      'app://call-alerts/api/calls/42/recording/',
      'app://call-alerts/api/calls/42',
      'app://call-alerts/api/calls/0/recording',
      'app://call-alerts/api/calls/-1/recording',
      'app://call-alerts/api/calls/4e2/recording',
      'app://call-alerts/api/calls/99999999999999999/recording',
      'app://call-alerts/index.html',
      'not a url',
    ]) {
      expect(recordingCallId(url), url).toBeNull();
    }
  });
});

describe('range requests', () => {
  const size = 1000;

  it('no Range: the whole file, saying ranges are accepted', () => {
    expect(rangeResponse(size, null)).toEqual({ status: 200, start: 0, end: 1000, headers: { 'Accept-Ranges': 'bytes', 'Content-Length': '1000' } });
  });

  it('first-last, first-, and a suffix: 206 with the exact bytes and Content-Range', () => {
    expect(rangeResponse(size, 'bytes=0-99')).toEqual({
      status: 206,
      start: 0,
      end: 100,
      headers: { 'Accept-Ranges': 'bytes', 'Content-Length': '100', 'Content-Range': 'bytes 0-99/1000' },
    });
    expect(rangeResponse(size, 'bytes=900-')).toMatchObject({
      status: 206,
      start: 900,
      end: 1000,
      headers: { 'Content-Range': 'bytes 900-999/1000' },
    });
    expect(rangeResponse(size, 'bytes=-100')).toMatchObject({ status: 206, start: 900, end: 1000, headers: { 'Content-Length': '100' } });
    expect(rangeResponse(size, 'bytes=999-999')).toMatchObject({ status: 206, start: 999, end: 1000 });
    expect(rangeResponse(size, 'BYTES = 10 - 19')).toMatchObject({ status: 206, start: 10, end: 20 });
  });

  it('a last byte past the end, or a suffix longer than the file, is cut to the file', () => {
    expect(rangeResponse(size, 'bytes=500-5000')).toMatchObject({
      status: 206,
      start: 500,
      end: 1000,
      headers: { 'Content-Range': 'bytes 500-999/1000' },
    });
    expect(rangeResponse(size, 'bytes=-5000')).toMatchObject({ status: 206, start: 0, end: 1000 });
  });

  it('a range that cannot be satisfied: 416 with the size', () => {
    for (const header of ['bytes=1000-', 'bytes=5000-6000', 'bytes=50-10', 'bytes=-0', 'bytes=-', 'bytes=abc', 'bytes=1-2-3']) {
      expect(rangeResponse(size, header), header).toEqual({
        status: 416,
        start: 0,
        end: 0,
        headers: { 'Accept-Ranges': 'bytes', 'Content-Range': 'bytes */1000' },
      });
    }
    expect(rangeResponse(0, 'bytes=0-')).toMatchObject({ status: 416, headers: { 'Content-Range': 'bytes */0' } });
    expect(rangeResponse(0, 'bytes=-10')).toMatchObject({ status: 416 });
  });

  it('another unit or several ranges are ignored: the whole file (RFC 9110 lets a server do so)', () => {
    for (const header of ['items=0-5', 'bytes 0-5', 'bytes=0-5,10-20', '']) {
      expect(rangeResponse(size, header), header).toMatchObject({ status: 200, start: 0, end: 1000 });
    }
    expect(rangeResponse(0, null)).toMatchObject({ status: 200, start: 0, end: 0, headers: { 'Content-Length': '0' } });
  });
});
