// A cached recording served over app:// (the desktop window's own origin, so the CSP's media-src 'self' lets it
// play offline): which request asks for one, and the part of the file a Range header asks for. Pure; appWindow.ts
// reads the file.

import { APP_HOST, APP_SCHEME } from './windowPolicy';

/** The window asks for `/api/calls/<id>/recording` (the Call's recording.src), resolved against app://call-alerts. */
const RECORDING_PATH = /^\/api\/calls\/([1-9][0-9]{0,15})\/recording$/;

/** The call whose recording an app:// URL asks for; null for any other URL. */
export function recordingCallId(url: string): number | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  const m = RECORDING_PATH.exec(u.pathname);
  const id = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(id) ? id : null;
}

/** What to answer: the status, the bytes [start, end) of the file to send, and the headers that say so. */
export interface RangeResponse {
  status: 200 | 206 | 416;
  start: number;
  /** Exclusive. */
  end: number;
  headers: Record<string, string>;
}

type Parsed = { start: number; end: number } | 'unsatisfiable' | 'whole';

/**
 * Reads one "bytes=" range (RFC 9110 §14.1.2) against a file of `size` bytes: first-last, first- or -suffix.
 * A header of another unit, or several ranges, is ignored (the whole file, as the RFC allows); a bytes range
 * that is malformed or lies past the end cannot be satisfied.
 */
function parseRange(size: number, header: string | null): Parsed {
  if (header === null) return 'whole';
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!m) return 'whole';
  const specs = m[1]!.split(',');
  if (specs.length !== 1) return 'whole';
  const spec = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(specs[0]!);
  if (!spec || (spec[1] === '' && spec[2] === '')) return 'unsatisfiable';
  if (spec[1] === '') {
    const suffix = Number(spec[2]);
    return suffix === 0 || size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size };
  }
  const first = Number(spec[1]);
  const last = spec[2] === '' ? size - 1 : Number(spec[2]);
  if (first >= size || last < first) return 'unsatisfiable';
  return { start: first, end: Math.min(last, size - 1) + 1 };
}

export function rangeResponse(size: number, rangeHeader: string | null): RangeResponse {
  const parsed = parseRange(size, rangeHeader);
  const common = { 'Accept-Ranges': 'bytes' };
  if (parsed === 'whole') return { status: 200, start: 0, end: size, headers: { ...common, 'Content-Length': String(size) } };
  if (parsed === 'unsatisfiable') return { status: 416, start: 0, end: 0, headers: { ...common, 'Content-Range': `bytes */${size}` } };
  return {
    status: 206,
    ...parsed,
    headers: { ...common, 'Content-Length': String(parsed.end - parsed.start), 'Content-Range': `bytes ${parsed.start}-${parsed.end - 1}/${size}` },
  };
}
