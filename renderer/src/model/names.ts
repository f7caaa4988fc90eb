// A saved name or a line label written into the calls the window already holds, so every row, detail and
// toast of that number shows it at once, before the core's own pushes and the lists read again confirm it.

import type { LineView } from '../../../shared/api';
import type { Call, Contact } from '../../../shared/domain';
import { phoneDigits } from '../../../shared/phone';

export function sameNumber(a: string | null, b: string | null): boolean {
  const digits = phoneDigits(a);
  return digits !== null && digits === phoneDigits(b);
}

/**
 * The call with the contact saved for `number` (null: removed). A removed name leaves the title as it is:
 * which name comes next (an earlier call's, the caller ID's) only the core knows, and it pushes the calls.
 */
export function withContact(call: Call, number: string, contact: Contact | null): Call {
  if (!sameNumber(call.callerNumber, number)) return call;
  if (contact === null) return call.contact === null ? call : { ...call, contact: null };
  return { ...call, contact, displayName: contact.name, nameSource: 'contact' };
}

/** The call with the line's label, when it came in on that tracking number. */
export function withLine(call: Call, line: LineView): Call {
  if (!sameNumber(call.calledNumber, line.number)) return call;
  const lineLabel = line.label ?? line.adName ?? null;
  return call.lineLabel === lineLabel ? call : { ...call, lineLabel };
}

/** The lines with one saved line put in its place (a new one added), in the order they were listed. */
export function withSavedLine(lines: readonly LineView[], saved: LineView): LineView[] {
  const at = lines.findIndex((l) => l.number === saved.number);
  return at === -1 ? [...lines, saved] : lines.map((l, i) => (i === at ? saved : l));
}
