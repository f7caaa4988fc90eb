// Turns a vendor delivery into envelopes and normalised call events. One normaliser for every action:
// it reads every known spelling and shape, and reports what it could not read instead of dropping it.

import { z } from 'zod';
import type { Attribution, CallEvent, EventKind, KeywordHit } from '../domain';
import { isPlaceholderName } from '../calls/callerName';
import { phoneDigits } from '../phone';
import { bool, canonicalKey, fieldsOf, foldedText, id, integer, pick, text, type Fields } from './fields';
import { isJsonObject, parseVendorJson, type JsonValue } from './json';
import { ianaZoneFor, localTimestampToIso, parseTimestamp, utcTimestampToIso } from './time';

export interface Envelope {
  id: string;
  attempt: number | null;
  collectionType: string | null;
  organization: string | null;
  /** Properties.UTC as ISO 8601 UTC. */
  sentAt: string | null;
  notifications: JsonValue[];
}

export type EnvelopeResult = { ok: true; envelope: Envelope } | { ok: false; reason: string };

const EnvelopeShape = z.object({
  id: z.union([z.string().trim().min(1), z.number()], { error: 'Id is missing or empty' }),
  attempt: z.union([z.number(), z.string(), z.null()]).optional(),
  properties: z.union([z.record(z.string(), z.unknown()), z.null()]).optional(),
  notifications: z.array(z.unknown(), { error: 'Notifications must be an array' }),
});

function zodReason(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/** Parses a raw body into an envelope, or gives the reason it is not one (the delivery then gets a 400). */
export function parseEnvelope(body: string): EnvelopeResult {
  let value: JsonValue;
  try {
    value = parseVendorJson(body);
  } catch (error) {
    return { ok: false, reason: `Malformed JSON: ${(error as Error).message}` };
  }
  if (!isJsonObject(value)) return { ok: false, reason: 'Not a webhook envelope: the body is not a JSON object' };
  const fields = fieldsOf(value);
  const shape = EnvelopeShape.safeParse({
    id: fields.get('id'),
    attempt: fields.get('attempt'),
    properties: fields.get('properties'),
    notifications: fields.get('notifications'),
  });
  if (!shape.success) return { ok: false, reason: `Not a webhook envelope: ${zodReason(shape.error)}` };
  const properties = fieldsOf(fields.get('properties'));
  return {
    ok: true,
    envelope: {
      id: id(fields.get('id'))!,
      attempt: integer(fields.get('attempt')),
      collectionType: text(properties.get('collectiontype')),
      organization: text(properties.get('organization')),
      sentAt: utcTimestampToIso(text(properties.get('utc'))),
      notifications: shape.data.notifications as JsonValue[],
    },
  };
}

export function eventKindOf(action: string | null): EventKind {
  const a = canonicalKey(action ?? '');
  if (a.endsWith('callstartcall') || a.endsWith('callstart')) return 'start';
  if (a.endsWith('callpreprocessed')) return 'preprocessed';
  if (a.endsWith('callprocessed')) return 'processed';
  return 'other';
}

// What each known field should look like. Deviations become warnings on the event; the value is still read.
const idShape = z.union([z.string().regex(/^\s*\d*\s*$/), z.number().int(), z.null()]).optional();
const countShape = z.union([z.number().int().nonnegative(), z.string().regex(/^\s*\d*\s*$/), z.null()]).optional();
const textShape = z.union([z.string(), z.number(), z.null()]).optional();
const objectShape = z.union([z.record(z.string(), z.unknown()), z.null()]).optional();
const NotificationShape = z.object({
  action: z.string({ error: 'Action is missing' }).min(1, 'Action is missing'),
  telmetricsid: idShape,
  telmetricsstudyid: idShape,
  callernumber: textShape,
  callednumber: textShape,
  callseconds: countShape,
  ringcount: countShape,
  answerstatus: z.union([z.number(), z.string(), z.boolean(), z.null()]).optional(),
  voicemaildetected: z.union([z.boolean(), z.null()]).optional(),
  voicerecordingurl: textShape,
  calltranscript: textShape,
  timezone: textShape,
  callerdetails: objectShape,
  studydetails: objectShape,
  addetails: objectShape,
  advertiserdetails: objectShape,
  attributiondetails: objectShape,
  keywordlists: z.union([z.array(z.unknown()), z.null()]).optional(),
});

export function answeredFrom(status: JsonValue | undefined): boolean | null {
  if (status === true || status === 1) return true;
  if (status === false || status === 0) return false;
  const t = canonicalKey(text(status) ?? '');
  if (t === '1' || t === 'answered' || t === 'yes') return true;
  if (['0', '2', 'unanswered', 'notanswered', 'noanswer', 'missed', 'busy', 'abandoned', 'no'].includes(t)) return false;
  return null;
}

function keywordHits(value: JsonValue | undefined): KeywordHit[] {
  const hits: KeywordHit[] = [];
  const groups = Array.isArray(value) ? value : [];
  for (const group of groups) {
    const lists = pick(fieldsOf(group), 'keywordlist');
    for (const list of Array.isArray(lists) ? lists : []) {
      const listFields = fieldsOf(list);
      const words = pick(listFields, 'keywords');
      for (const word of Array.isArray(words) ? words : []) {
        const w = fieldsOf(word);
        const keyword = text(w.get('keyword'));
        if (!keyword) continue;
        hits.push({ list: text(listFields.get('name')), keyword, agent: text(w.get('agent')), caller: text(w.get('caller')) });
      }
    }
  }
  return hits;
}

export function attributionOf(details: Fields): Attribution {
  return {
    source: text(pick(details, 'utmsource', 'source')),
    medium: text(pick(details, 'utmmedium', 'medium')),
    campaign: text(pick(details, 'utmcampaign', 'campaign')),
    term: text(pick(details, 'utmterm', 'term', 'keyword')),
    content: text(pick(details, 'utmcontent', 'content')),
    referrer: text(pick(details, 'referrerurl', 'referrer', 'referer', 'refererurl')),
    landingPage: text(pick(details, 'landingpageurl', 'landingpagurl', 'landingpage')),
    rule: foldedText(pick(details, 'ruledescription', 'rule')),
    sessionId: id(pick(details, 'sessionid')),
  };
}

/** Normalises one notification of an envelope. Never throws: what it cannot read goes into `warnings`. */
export function normaliseNotification(notification: JsonValue, sentAt: string | null): CallEvent {
  const warnings: string[] = [];
  const f = fieldsOf(notification);
  if (!isJsonObject(notification)) warnings.push('Notification is not a JSON object');

  const shape = NotificationShape.safeParse(Object.fromEntries(f));
  if (!shape.success) {
    for (const issue of shape.error.issues) warnings.push(`${issue.path.join('.') || 'notification'}: ${issue.message}`);
  }

  const action = text(f.get('action')) ?? '';
  const kind = eventKindOf(action);
  const caller = fieldsOf(f.get('callerdetails'));
  const study = fieldsOf(f.get('studydetails'));
  const ad = fieldsOf(f.get('addetails'));
  const advertiser = fieldsOf(f.get('advertiserdetails'));
  const attribution = fieldsOf(f.get('attributiondetails'));
  const voiceTrends = fieldsOf(f.get('voicetrends'));

  const timeZone = text(f.get('timezone'));
  const zone = ianaZoneFor(timeZone);
  if (timeZone && !zone) warnings.push(`TimeZone "${timeZone}" is unknown: local times kept as sent, UTC fields used instead`);

  const readTime = (key: string, convert: (t: string) => string | null): string | null => {
    const raw = text(f.get(key));
    if (!raw) return null;
    if (!parseTimestamp(raw)) {
      warnings.push(`${key}: unreadable time "${raw}"`);
      return null;
    }
    return convert(raw);
  };
  const utc = (key: string) => readTime(key, (t) => utcTimestampToIso(t));
  const local = (key: string) => readTime(key, (t) => localTimestampToIso(t, zone));

  const answerStatusRaw = f.get('answerstatus');
  const answerStatus = text(answerStatusRaw);
  let answered = answeredFrom(answerStatusRaw);
  if (answerStatus !== null && answered === null) warnings.push(`AnswerStatus "${answerStatus}" is not a known value`);
  const answeredAt = local('answertime');
  if (answered === null && answeredAt && kind !== 'start') answered = true;

  const rawName = text(pick(f, 'callername')) ?? text(pick(caller, 'name', 'callername'));
  const callerCity = text(pick(f, 'callercity')) ?? text(pick(caller, 'city'));
  const callerState = text(pick(f, 'callerstate')) ?? text(pick(caller, 'state'));
  const callerName = rawName && !isPlaceholderName(rawName, { city: callerCity, state: callerState }) ? rawName : null;

  return {
    kind,
    action,
    sentAt,
    telmetricsId: id(pick(f, 'telmetricsid')),
    studyId: id(pick(f, 'telmetricsstudyid', 'studyid')) ?? id(pick(study, 'studyid')),
    organizationId: id(pick(f, 'organizationid', 'orgid')),
    callerNumber: phoneDigits(text(pick(f, 'callernumber', 'callerid', 'ani')) ?? text(pick(caller, 'phonenumber'))),
    calledNumber: phoneDigits(text(pick(f, 'callednumber', 'trackingnumber', 'dnis'))),
    terminationNumber: phoneDigits(text(pick(f, 'terminationnumber'))),
    callerName,
    callerStreet: text(pick(f, 'callerstreet')) ?? text(pick(caller, 'street')),
    callerCity,
    callerState,
    callerZip: text(pick(f, 'callerzip')) ?? text(pick(caller, 'zip', 'shortzip')),
    callerAddress: text(pick(f, 'calleraddress')) ?? text(pick(caller, 'address')),
    ringAt: utc('calldate'),
    startedAt: local('starttime') ?? utc('monitorstarttime'),
    answeredAt,
    endedAt: local('endtime') ?? utc('monitorendtime'),
    timeZone,
    durationSeconds: integer(pick(f, 'callseconds', 'duration')),
    ringCount: integer(f.get('ringcount')),
    answerStatus,
    answered,
    voicemail: bool(f.get('voicemaildetected')) ?? bool(voiceTrends.get('voicemail')),
    recordingUrl: text(pick(f, 'voicerecordingurl', 'recordingurl')),
    transcript: text(pick(f, 'calltranscript', 'transcript')),
    keywords: keywordHits(pick(f, 'keywordlists')),
    adDefinitionId: id(pick(ad, 'addefinitionid')),
    adName: text(pick(ad, 'addefinitionname', 'adname')),
    advertiserId: id(pick(advertiser, 'advertiserid')),
    advertiserName: text(pick(advertiser, 'advertisername')),
    orgGroupId: id(pick(f, 'orggroupid')),
    orgGroupName: text(pick(f, 'orggroupname')),
    attribution: attributionOf(attribution),
    incomplete: bool(f.get('incomplete')),
    warnings,
  };
}

/** Reads every notification of a valid envelope. */
export function normaliseEnvelope(envelope: Envelope): CallEvent[] {
  return envelope.notifications.map((n) => normaliseNotification(n, envelope.sentAt));
}
