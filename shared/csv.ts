// Calls as CSV for a spreadsheet. Text from webhooks can start with "=", "+", "-" or "@", which a spreadsheet
// would run as a formula (CSV injection): such cells are prefixed with an apostrophe so they stay text. A
// spreadsheet in a semicolon locale splits lines on ";" (some on tabs) and sees quotes only at the start of its
// own cells, so a cell holding one is quoted and each trigger after a ";", tab or line break inside it is
// neutralised too.

import type { Call } from './domain';
import { callOutcome } from './calls/outcome';
import { formatPhone } from './phone';
import { wallClockText } from './timeZone';

const FORMULA_START = /^[=+\-@\t\r]/;
/** A formula trigger where another locale's reader would start a cell or a line. */
const INNER_FORMULA_START = /([;\t\r\n]"*)(?=[=+\-@])/g;

/** One cell: formula triggers neutralised, quoted when it holds a separator (comma, semicolon, tab), quote or line break. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string') {
    if (FORMULA_START.test(text)) text = `'${text}`;
    text = text.replace(INNER_FORMULA_START, "$1'");
  }
  return /[",;\t\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly (string | number | boolean | null)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** "2019-11-15 09:09:54" in the given IANA zone (the PC's own when omitted). */
export function localDateTime(iso: string | null, timeZone?: string): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : wallClockText(ms, timeZone).replace('T', ' ');
}

const COLUMNS: readonly [string, (call: Call, timeZone: string | undefined) => string | number | boolean | null][] = [
  ['Call ID', (c) => c.id],
  ['Started', (c, tz) => localDateTime(c.startedAt, tz)],
  ['Started (UTC)', (c) => c.startedAt],
  ['Name', (c) => c.displayName],
  ['Caller name', (c) => c.callerName],
  ['Caller number', (c) => formatPhone(c.callerNumber)],
  ['City', (c) => c.callerCity],
  ['State', (c) => c.callerState],
  ['Tracking number', (c) => formatPhone(c.calledNumber)],
  ['Line', (c) => c.lineLabel],
  ['Outcome', (c) => callOutcome(c) ?? c.status],
  ['Duration (s)', (c) => c.durationSeconds],
  ['Ad source', (c) => c.adSource],
  ['Source', (c) => c.attribution.source],
  ['Medium', (c) => c.attribution.medium],
  ['Campaign', (c) => c.attribution.campaign],
  ['Keyword', (c) => c.attribution.term],
  ['Landing page', (c) => c.attribution.landingPage],
  ['Referrer', (c) => c.attribution.referrer],
  ['Prior calls', (c) => c.priorCalls.count],
  ['Recording URL', (c) => c.recordingUrl],
  ['Transcript', (c) => c.transcript],
  ['Telmetrics ID', (c) => c.telmetricsId],
];

export function callsCsvHeader(): string {
  return csvLine(COLUMNS.map(([name]) => name));
}

export function callCsvLine(call: Call, timeZone?: string): string {
  return csvLine(COLUMNS.map(([, read]) => read(call, timeZone)));
}
