// A call is a fold over its events. The events are put in one total order that does not depend on arrival
// (stage, then the time the vendor sent them, then their key), so any permutation and any number of retries
// of the same events give the same call. A later event never blanks a field an earlier one set.

import type { Attribution, CallEvent, FoldedCall, FoldedStatus, KeyedEvent } from '../domain';
import { adChannelOf, adSourceOf } from './adSource';
import { realName } from './callerName';

// An API record is the call as processed when the answer came: it ranks with Processed events, ordered by when each was sent.
const STAGE: Record<CallEvent['kind'], number> = { other: -1, start: 0, preprocessed: 1, processed: 2, api: 2 };

export function compareEvents(a: KeyedEvent, b: KeyedEvent): number {
  return (
    STAGE[a.event.kind] - STAGE[b.event.kind] ||
    (a.event.sentAt ?? '').localeCompare(b.event.sentAt ?? '') ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

type Scalar = string | number | boolean | null;

function latest<T extends Scalar>(events: CallEvent[], read: (e: CallEvent) => T): T | null {
  let value: T | null = null;
  for (const e of events) {
    const v = read(e);
    if (v !== null && v !== '') value = v;
  }
  return value;
}

const ATTRIBUTION_FIELDS = ['source', 'medium', 'campaign', 'term', 'content', 'referrer', 'landingPage', 'rule', 'sessionId'] as const;

/** Events that carry the vendor's lookup of the caller after the call, not the ring-time caller ID. */
const LOOKUP_KINDS = new Set<CallEvent['kind']>(['preprocessed', 'processed', 'api']);

const STATUS_BY_STAGE: FoldedStatus[] = ['ringing', 'ended', 'processed'];

/** Folds a call's events (any order, duplicates allowed) into the call. Events of kind `other` are ignored. */
export function foldCall(keyed: readonly KeyedEvent[]): FoldedCall {
  const unique = new Map<string, KeyedEvent>();
  for (const k of keyed) if (k.event.kind !== 'other') unique.set(k.key, k);
  const ordered = [...unique.values()].sort(compareEvents);
  const events = ordered.map((k) => k.event);
  const pickLatest = <T extends Scalar>(read: (e: CallEvent) => T) => latest(events, read);

  const attribution = Object.fromEntries(
    ATTRIBUTION_FIELDS.map((field) => [field, pickLatest((e) => e.attribution[field])]),
  ) as unknown as Attribution;

  // Keywords come as a whole list with each Processed event: the latest non-empty list stands.
  const keywords = [...events].reverse().find((e) => e.keywords.length > 0)?.keywords ?? [];
  const stage = Math.max(0, ...events.map((e) => STAGE[e.kind]));
  const ringAt = pickLatest((e) => e.ringAt);

  const lookedUp = latest(
    events.filter((e) => LOOKUP_KINDS.has(e.kind)),
    (e) => e.callerName,
  );
  const folded: Omit<FoldedCall, 'adSource' | 'adChannel'> = {
    status: STATUS_BY_STAGE[stage]!,
    telmetricsId: pickLatest((e) => e.telmetricsId),
    studyId: pickLatest((e) => e.studyId),
    callerName: pickLatest((e) => e.callerName),
    lookedUpName: realName(lookedUp, { city: pickLatest((e) => e.callerCity), state: pickLatest((e) => e.callerState) }),
    callerNumber: pickLatest((e) => e.callerNumber),
    calledNumber: pickLatest((e) => e.calledNumber),
    terminationNumber: pickLatest((e) => e.terminationNumber),
    callerStreet: pickLatest((e) => e.callerStreet),
    callerCity: pickLatest((e) => e.callerCity),
    callerState: pickLatest((e) => e.callerState),
    callerZip: pickLatest((e) => e.callerZip),
    callerAddress: pickLatest((e) => e.callerAddress),
    ringAt,
    startedAt: pickLatest((e) => e.startedAt) ?? ringAt ?? pickLatest((e) => e.sentAt),
    answeredAt: pickLatest((e) => e.answeredAt),
    endedAt: pickLatest((e) => e.endedAt),
    timeZone: pickLatest((e) => e.timeZone),
    durationSeconds: pickLatest((e) => e.durationSeconds),
    ringCount: pickLatest((e) => e.ringCount),
    answerStatus: pickLatest((e) => e.answerStatus),
    answered: pickLatest((e) => e.answered),
    voicemail: pickLatest((e) => e.voicemail),
    recordingUrl: pickLatest((e) => e.recordingUrl),
    transcript: pickLatest((e) => e.transcript),
    keywords,
    adName: pickLatest((e) => e.adName),
    advertiserName: pickLatest((e) => e.advertiserName),
    orgGroupName: pickLatest((e) => e.orgGroupName),
    attribution,
    eventCount: ordered.length,
    lastEventAt: events.reduce<string | null>((max, e) => (e.sentAt && (!max || e.sentAt > max) ? e.sentAt : max), null),
  };
  return { ...folded, adSource: adSourceOf(folded), adChannel: adChannelOf(folded) };
}
