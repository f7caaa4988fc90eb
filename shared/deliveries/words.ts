// What the deliveries inspector says about a delivery or a catch-up answer, in words a receptionist reads:
// its kind, a one-line summary, why Re-process cannot run, and what Re-process did. Pure: the store records
// the technical reason (kept behind a disclosure); these functions read it and the row's facts only.

import type { BodyKept, DeliveryKind, DeliveryOutcome, ReprocessResult } from '../api';
import { eventKindOf } from '../marketingEdge/normalise';
import { sizeInWords } from '../format';

/** The statuses of a delivery turned away at the door: signature, too large, compressed. */
export const REFUSED_STATUSES = [401, 413, 415] as const;

/** How the inspector files a delivery (see DeliveryKind in shared/api.ts). */
export function deliveryKind(outcome: DeliveryOutcome, status: number): DeliveryKind {
  if (outcome !== 'rejected') return outcome;
  return (REFUSED_STATUSES as readonly number[]).includes(status) ? 'refused' : 'rejected';
}

/** The facts of a delivery its words are made from. */
export interface DeliveryFacts {
  outcome: DeliveryOutcome;
  status: number;
  reason: string | null;
  actions: readonly string[];
  notificationCount: number;
  /** The display names of the calls it touched, oldest first. */
  callerNames: readonly string[];
  bodyKept: BodyKept;
  bodySize: number | null;
}

/** The webhook type a notification's action names, as Marketing Edge's settings name it. */
function webhookType(action: string): string {
  switch (eventKindOf(action)) {
    case 'start':
      return 'Call Start';
    case 'preprocessed':
      return 'Call Preprocessed';
    case 'processed':
      return 'Call Processed';
    default:
      return 'an update Call Alerts does not use';
  }
}

/** "A", "A and B", "A, B and C". */
function listed(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const UNUSED = webhookType('');

/** "Call Start", "Call Start and Call Processed" (each type once, in order; updates not used, only when alone). */
function typesOf(actions: readonly string[]): string {
  const types = [...new Set(actions.map(webhookType))];
  const used = types.filter((t) => t !== UNUSED);
  return listed(used.length > 0 ? used : types);
}

/** "Priya Shah", "Priya Shah and 2 other callers". */
function namesOf(names: readonly string[]): string | null {
  const unique = [...new Set(names)];
  if (unique.length === 0) return null;
  if (unique.length <= 2) return listed(unique);
  return `${unique[0]} and ${unique.length - 1} other callers`;
}

/** What an applied delivery did to its call, by the webhook types it held. */
function appliedEffect(actions: readonly string[]): string {
  const all = new Set(actions.map((a) => eventKindOf(a)));
  // An update Call Alerts does not use beside one it does changes nothing worth saying.
  const kinds = all.size > 1 ? new Set([...all].filter((k) => k !== 'other')) : all;
  if (kinds.size === 1 && kinds.has('start')) return 'stored and shown';
  if (kinds.size === 1 && kinds.has('processed')) return "the call's outcome, recording and transcript";
  if (kinds.size === 1 && kinds.has('preprocessed')) return "the call's first details";
  if (kinds.size === 1 && kinds.has('other')) return 'kept, but it changes no call';
  return 'stored and applied to the call';
}

/** The extra words a reason of an accepted delivery carries (its notifications past a bound, an unchecked signature). */
function acceptedNotes(reason: string | null): string[] {
  if (!reason) return [];
  const notes: string[] = [];
  const first = /Only the first (\d+) of (\d+) notifications/.exec(reason);
  if (first) notes.push(`Only the first ${first[1]} of its ${first[2]} notifications were used; the rest are kept in its body.`);
  const beyond = /(\d+) notifications? not folded: the call already has (\d+) events/.exec(reason);
  if (beyond) notes.push(`${beyond[1]} of its notifications were not used: the call already has ${beyond[2]} updates, the most one call keeps.`);
  if (reason.includes('signature not checked')) notes.push('Its signature was not checked: the webhook secret could not be read on this computer.');
  return notes;
}

/** A refused delivery's words, from its status and reason. */
function refusedWords(status: number, reason: string, bodySize: number | null): string {
  if (status === 401) {
    if (/Signature missing/i.test(reason))
      return 'Refused: it has no signature, and Settings ask for one. If Marketing Edge sent it, set the webhook secret there and here.';
    return 'Refused: its signature does not match the webhook secret in Settings. If Marketing Edge sent it, check the secret there and here.';
  }
  if (status === 413) {
    const limit = /larger than (\d+) bytes/.exec(reason);
    const declared = /Declared body of (\d+) bytes/.exec(reason);
    const size = declared ? Number(declared[1]) : bodySize;
    const sizeWords = size ? `${sizeInWords(size)}; ` : '';
    const limitWords = limit ? `the limit is ${sizeInWords(Number(limit[1]))}` : 'over the limit';
    return `Refused: too large (${sizeWords}${limitWords}). Nothing was changed.`;
  }
  return 'Refused: the body was compressed; Marketing Edge never does that. Nothing was changed.';
}

/** A rejected delivery's words: why it could not be read as a webhook. */
function rejectedWords(reason: string): string {
  const lost = reason.includes('the body could not be stored') ? ' Its body could not be kept (the disk may be full).' : '';
  if (reason.startsWith('Malformed JSON')) return `Not readable: the body is not valid JSON, so nothing was changed.${lost}`;
  if (reason.startsWith('The body is not valid UTF-8')) return `Not readable: the body is not text, so nothing was changed.${lost}`;
  if (reason.startsWith('Unreadable body'))
    return `Not received whole: the connection was cut off before the whole body arrived. Nothing was changed; Marketing Edge sends it again.${lost}`;
  if (/Id is missing/.test(reason)) return `Not a Marketing Edge webhook: it has no delivery id. Nothing was changed.${lost}`;
  if (/Notifications must be an array/.test(reason))
    return `Not a Marketing Edge webhook: it has no list of notifications. Nothing was changed.${lost}`;
  if (/not a JSON object/.test(reason))
    return `Not a Marketing Edge webhook: it is not the kind of message Marketing Edge sends. Nothing was changed.${lost}`;
  return `Not a Marketing Edge webhook: Call Alerts could not read it as one. Nothing was changed.${lost}`;
}

/** One line saying what happened to the delivery, naming its callers and its webhook types. */
export function deliverySummary(d: DeliveryFacts): string {
  const kind = deliveryKind(d.outcome, d.status);
  const reason = d.reason ?? '';
  const names = namesOf(d.callerNames);
  const types = d.actions.length > 0 ? typesOf(d.actions) : 'A delivery';
  const about = names ? `${types} for ${names}` : types;
  switch (kind) {
    case 'accepted': {
      const effect = names ? appliedEffect(d.actions) : d.notificationCount === 0 ? 'it held no notifications' : appliedEffect(d.actions);
      return [`${about}: ${effect}.`, ...acceptedNotes(d.reason)].join(' ');
    }
    case 'duplicate':
      return `${names ? `${about}, sent` : 'Sent'} again by Marketing Edge (a retry); the call already had it, nothing changed.`;
    case 'failed':
      return `${names || d.actions.length > 0 ? `${about}: stored` : 'Stored'}, but not applied to a call: Call Alerts could not read it. Update Call Alerts, then Re-process.`;
    case 'refused':
      return refusedWords(d.status, reason, d.bodySize);
    case 'rejected':
      return rejectedWords(reason);
  }
}

/** Why Re-process will not bring back a copy of a test call that was removed (see removed_test_envelopes). */
export const TEST_CALL_REMOVED = 'Its test call was removed, so it is not re-processed: it would come back as a real call.';

/** Why Re-process cannot run on a delivery, in words; null when it can. `testCallRemoved`: its envelope's test call was removed. */
export function deliveryReprocessBlocked(d: Pick<DeliveryFacts, 'outcome' | 'status' | 'bodyKept'> & { testCallRemoved?: boolean }): string | null {
  const kind = deliveryKind(d.outcome, d.status);
  if (d.testCallRemoved) return TEST_CALL_REMOVED;
  if (kind === 'refused' && d.status === 415) return 'It cannot be re-processed: its body was compressed, and Call Alerts never unpacks a body.';
  if (kind === 'refused' && d.status === 401)
    return 'It cannot be re-processed: its signature did not match, so it may not come from Marketing Edge.';
  if (d.bodyKept === 'none') return 'It cannot be re-processed: its body was not kept.';
  if (d.bodyKept === 'dropped') return 'It cannot be re-processed: its body was removed to save space.';
  if (d.bodyKept === 'head') return 'It cannot be re-processed: only the first part of its body was kept.';
  if (kind === 'refused') return 'It cannot be re-processed: it was turned away before it was read.';
  return null;
}

/** What Re-process did, in words, for the delivery as it now stands. */
export function reprocessMessage(result: ReprocessResult, callerNames: readonly string[], reasonWords: string): string {
  const names = namesOf(callerNames);
  switch (result) {
    case 'applied':
      return names ? `Applied: the call from ${names} is up to date now.` : 'Applied: it was read and stored; it changes no call.';
    case 'unchanged':
      return names ? `Nothing to change: the call from ${names} already has everything in it.` : 'Nothing to change: it was already applied.';
    case 'still-rejected': {
      // "Not readable: the body is not valid JSON, …" → "It still cannot be read today: the body is not valid JSON, …".
      const unreadable = /^Not readable: (.*)$/s.exec(reasonWords);
      return unreadable ? `It still cannot be read today: ${unreadable[1]}` : reasonWords;
    }
    case 'still-failed':
      return 'Still not applied: this version of Call Alerts cannot read it either. Update Call Alerts, then Re-process again.';
  }
}

/** The facts of a catch-up answer its words are made from. */
export interface ApiAnswerFacts {
  outcome: 'accepted' | 'rejected' | 'failed';
  status: number;
  reason: string | null;
  resultCount: number;
  callerNames: readonly string[];
}

/** One line saying what a kept answer of the vendor's calls API did. */
export function apiAnswerSummary(a: ApiAnswerFacts): string {
  const reason = a.reason ?? '';
  if (a.outcome === 'rejected') {
    if (/answered HTTP (\d+)/.test(reason)) {
      const status = /answered HTTP (\d+)/.exec(reason)![1];
      return `Not a list of calls: Marketing Edge answered with an error (HTTP ${status}). Nothing was changed.`;
    }
    if (/not valid UTF-8|malformed JSON/.test(reason)) return 'Not readable: the answer is not valid JSON, so nothing was changed.';
    return 'Not a list of calls: Call Alerts could not read this answer as one. Nothing was changed.';
  }
  if (a.outcome === 'failed' && /the database could not be written/.test(reason))
    return 'Kept, but not all of its calls were applied: Call Alerts could not save them (the disk may be full). Free some space, then Re-process.';
  if (a.outcome === 'failed')
    return 'Kept, but not all of its calls were applied: Call Alerts could not read some of them. Update Call Alerts, then Re-process.';
  const count = `${a.resultCount} call${a.resultCount === 1 ? '' : 's'}`;
  const names = namesOf(a.callerNames);
  const skipped = /^(\d+) results? skipped/.exec(reason);
  const skippedWords = skipped ? ` ${skipped[1]} could not be used: they had no call id.` : '';
  return `Catch-up read ${count} from Marketing Edge${names ? `, including ${names}` : ''}.${skippedWords}`;
}

/** Why Re-process cannot run on a catch-up answer, in words; null when it can. */
export function apiAnswerReprocessBlocked(a: Pick<ApiAnswerFacts, 'status'>): string | null {
  if (a.status < 200 || a.status > 299) return 'It cannot be re-processed: Marketing Edge answered with an error, not a list of calls.';
  return null;
}

export { sizeInWords } from '../format';
