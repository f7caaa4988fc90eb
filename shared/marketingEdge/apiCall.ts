// Turns an answer of the vendor's calls API (vendor-api.md, "Answer") into call events the fold takes like
// webhook events. A result comes nested (`caller_details: { city }`) or flattened with `_` by some clients
// (`caller_details_city`): both are read. Times are the `_utc` ones; numbers are digits like the webhooks'.

import type { CallEvent } from '../domain';
import { isPlaceholderName } from '../calls/callerName';
import { phoneDigits } from '../phone';
import { bool, canonicalKey, fieldsOf, foldedText, id, integer, pick, text, type Fields } from './fields';
import { isJsonObject, parseVendorJson, type JsonValue } from './json';
import { parseTimestamp, utcTimestampToIso } from './time';
import { answeredFrom, attributionOf } from './normalise';

export const API_RECORD_ACTION = 'CallsApi.Call';

export interface CallsAnswer {
  results: JsonValue[];
  /** The answer's `paging.total`, when it says. */
  total: number | null;
}

// An integer of 16 digits or more may be beyond 2^53, where JSON.parse would round it.
const LONG_INTEGER = /[[:,]\s*-?\d{16}/;

/**
 * Reads an answer's body; throws, saying why, when it is not a calls answer. An answer holds up to 10,000
 * results: JSON.parse reads one 4x faster than the lossless parser (27 vs 107 ms for 10 MB), so that is used
 * unless a long integer (an id beyond 2^53) could lose digits.
 */
export function parseCallsAnswer(body: string): CallsAnswer {
  let value: JsonValue;
  try {
    const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
    value = LONG_INTEGER.test(text) ? parseVendorJson(text) : (JSON.parse(text) as JsonValue);
  } catch (error) {
    throw new Error(`Not a calls answer: malformed JSON (${(error as Error).message})`, { cause: error });
  }
  if (!isJsonObject(value)) throw new Error('Not a calls answer: the body is not a JSON object');
  const fields = fieldsOf(value);
  const results = fields.get('results');
  if (!Array.isArray(results)) throw new Error('Not a calls answer: it has no "results" list');
  return { results, total: integer(fieldsOf(fields.get('paging')).get('total')) };
}

/** A nested object's fields, merged with the fields flattened as `<prefix>_<name>` (nested ones win). */
function section(f: Fields, prefix: string): Fields {
  const out = new Map(fieldsOf(f.get(prefix)));
  for (const [key, value] of f) {
    if (key.length > prefix.length && key.startsWith(prefix) && !out.has(key.slice(prefix.length))) out.set(key.slice(prefix.length), value);
  }
  return out;
}

/** An id that can be the webhooks' TelmetricsId: digits or a short token, never a fraction or an object. */
function usableId(value: JsonValue | undefined): string | null {
  if (typeof value === 'number' && !Number.isInteger(value)) return null;
  const v = id(value);
  return v !== null && /^[A-Za-z0-9_-]{1,64}$/.test(v) ? v : null;
}

/** Transcript text from a string, or from a list of turns (`{ speaker, text }` or strings). */
function transcriptText(value: JsonValue | undefined): string | null {
  if (!Array.isArray(value)) return text(value);
  const turns = value.map((turn) => {
    if (!isJsonObject(turn)) return text(turn);
    const t = fieldsOf(turn);
    const said = text(pick(t, 'text', 'transcript', 'utterance'));
    const who = text(pick(t, 'speaker', 'channel', 'role'));
    return said && who ? `${who}: ${said}` : said;
  });
  return turns.filter(Boolean).join(' ') || null;
}

/** voicemail_status is a scoring field whose values are not documented: yes/no words, or a label naming voicemail. */
function voicemailFrom(value: JsonValue | undefined): boolean | null {
  const b = bool(value);
  if (b !== null) return b;
  const t = canonicalKey(text(value) ?? '');
  if (t === '') return null;
  if (t.includes('not') || t.startsWith('no')) return false;
  return t.includes('voicemail') ? true : null;
}

const TRANSCRIPT_KEYS = ['transcription', 'transcript', 'calltranscript'];

export type ApiRecord = { ok: true; event: CallEvent } | { ok: false; reason: string };

/** Normalises one result of an answer received at `receivedAt` (ISO); a result without a usable id is refused with the reason. */
export function normaliseApiResult(result: JsonValue, receivedAt: string): ApiRecord {
  if (!isJsonObject(result)) return { ok: false, reason: 'the result is not a JSON object' };
  const f = fieldsOf(result);
  const telmetricsId = usableId(f.get('id'));
  if (!telmetricsId) return { ok: false, reason: `no usable id (${JSON.stringify(f.get('id') ?? null)})` };
  const warnings: string[] = [];
  const caller = section(f, 'callerdetails');
  const analytics = section(f, 'conversationanalytics');
  const attribution = section(f, 'attributiondetails');

  const utc = (name: string): string | null => {
    const raw = text(f.get(canonicalKey(name)));
    if (!raw) return null;
    if (!parseTimestamp(raw)) warnings.push(`${name}: unreadable time "${raw}"`);
    return utcTimestampToIso(raw);
  };

  // Only "answered" is documented; anything else given is a call nobody picked up (its raw value is kept).
  const statusRaw = pick(f, 'answerstatus', 'answerstatusid');
  const answerStatus = text(statusRaw);
  const answered = answerStatus === null ? null : answeredFrom(statusRaw) === true;
  const voicemail = canonicalKey(answerStatus ?? '').includes('voicemail') || voicemailFrom(f.get('voicemailstatus'));
  const rawName = text(pick(caller, 'name', 'callername'));
  const callerCity = text(pick(caller, 'city'));
  const callerState = text(pick(caller, 'state'));
  const startedAt = utc('start_time_utc');
  if (!startedAt) warnings.push('start_time_utc is missing: the call is placed at the time the answer came');

  return {
    ok: true,
    event: {
      kind: 'api',
      action: API_RECORD_ACTION,
      sentAt: receivedAt,
      telmetricsId,
      studyId: null,
      organizationId: id(pick(f, 'organizationid')),
      callerNumber: phoneDigits(text(pick(f, 'callernumber'))),
      calledNumber: phoneDigits(text(pick(f, 'trackingnumber'))),
      terminationNumber: phoneDigits(text(pick(f, 'terminationnumber'))),
      callerName: rawName && !isPlaceholderName(rawName, { city: callerCity, state: callerState }) ? rawName : null,
      callerStreet: text(pick(caller, 'street')),
      callerCity,
      callerState,
      callerZip: text(pick(caller, 'zipcode', 'zip')),
      callerAddress: text(pick(caller, 'address')),
      ringAt: null,
      startedAt,
      answeredAt: utc('answer_time_utc'),
      endedAt: utc('end_time_utc'),
      timeZone: null,
      durationSeconds: integer(pick(f, 'callduration')),
      ringCount: null,
      answerStatus,
      answered,
      voicemail,
      recordingUrl: text(pick(analytics, 'callrecordfile', 'voicelink')),
      transcript: transcriptText(pick(f, ...TRANSCRIPT_KEYS)) ?? transcriptText(pick(analytics, ...TRANSCRIPT_KEYS)),
      keywords: [],
      adDefinitionId: null,
      adName: null,
      advertiserId: null,
      advertiserName: null,
      orgGroupId: id(pick(f, 'groupid')),
      orgGroupName: foldedText(pick(f, 'groupname')),
      attribution: attributionOf(attribution),
      incomplete: null,
      warnings,
    },
  };
}
