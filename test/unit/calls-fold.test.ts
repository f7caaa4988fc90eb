import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCall } from '../../shared/calls/fold';
import { linkFactsMayChange } from '../../shared/calls/link';
import type { CallEvent, KeyedEvent } from '../../shared/domain';
import { normaliseApiResult } from '../../shared/marketingEdge/apiCall';
import { normaliseNotification } from '../../shared/marketingEdge/normalise';
import { apiResult } from '../support/apiResults';
import { preprocessedNotification, processedNotification, SAMPLE_CALLER, startNotification } from '../support/payloads';
import { NO_ATTRIBUTION } from './renderer-fixtures';

function event(overrides: Partial<CallEvent>): CallEvent {
  return {
    kind: 'processed',
    action: 'CallDetails.CallProcessed',
    sentAt: null,
    telmetricsId: null,
    studyId: null,
    organizationId: null,
    callerNumber: null,
    calledNumber: null,
    terminationNumber: null,
    callerName: null,
    callerStreet: null,
    callerCity: null,
    callerState: null,
    callerZip: null,
    callerAddress: null,
    ringAt: null,
    startedAt: null,
    answeredAt: null,
    endedAt: null,
    timeZone: null,
    durationSeconds: null,
    ringCount: null,
    answerStatus: null,
    answered: null,
    voicemail: null,
    recordingUrl: null,
    transcript: null,
    keywords: [],
    adDefinitionId: null,
    adName: null,
    advertiserId: null,
    advertiserName: null,
    orgGroupId: null,
    orgGroupName: null,
    attribution: NO_ATTRIBUTION,
    incomplete: null,
    warnings: [],
    ...overrides,
  };
}

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(fc.constant(null), fc.constant('' as unknown as T), arb);
const arbEvent: fc.Arbitrary<CallEvent> = fc
  .record({
    kind: fc.constantFrom<CallEvent['kind']>('start', 'preprocessed', 'processed', 'other', 'api'),
    sentAt: fc.option(fc.date({ min: new Date('2019-01-01'), max: new Date('2020-01-01'), noInvalidDate: true }).map((d) => d.toISOString())),
    callerName: maybe(fc.constantFrom('John Smith', 'Ann Lee', 'Bo')),
    callerCity: maybe(fc.constantFrom('Lansing', 'Toronto')),
    durationSeconds: fc.option(fc.nat(3600)),
    answered: fc.option(fc.boolean()),
    transcript: maybe(fc.constantFrom('Caller: hi Agent: hello', 'Caller: bye')),
    recordingUrl: maybe(fc.constant('https://r.test/1.mp3')),
    source: maybe(fc.constantFrom('google', 'bing')),
    keywords: fc.array(
      fc.record({ list: fc.constant('A'), keyword: fc.constantFrom('car', 'bus'), agent: fc.constant(null), caller: fc.constant(null) }),
      { maxLength: 2 },
    ),
  })
  .map(({ source, ...r }) => event({ ...r, telmetricsId: '42', callerNumber: '9055552955', attribution: { ...NO_ATTRIBUTION, source } }));

const arbEvents = fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 6 }), arbEvent), { minLength: 1, maxLength: 7 }).map((pairs) => {
  const seen = new Set<string>();
  return pairs.filter(([k]) => !seen.has(k) && seen.add(k)).map(([key, e]): KeyedEvent => ({ key, event: e }));
});

describe('foldCall', () => {
  it('gives the same call for any order of the same events, with any retries', () => {
    fc.assert(
      fc.property(arbEvents, fc.infiniteStream(fc.nat()), fc.array(fc.nat(), { maxLength: 5 }), (events, seeds, retries) => {
        const expected = foldCall(events);
        const shuffled = [...events];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = seeds.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const withRetries = [...shuffled, ...retries.map((i) => events[i % events.length]!)];
        expect(foldCall(withRetries)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('never lets null or "" overwrite a value, and a later stage wins over an earlier one', () => {
    fc.assert(
      fc.property(arbEvents, (events) => {
        const call = foldCall(events);
        const folded = events.filter((k) => k.event.kind !== 'other');
        const named = folded.filter((k) => k.event.callerName);
        if (named.length > 0) expect(call.callerName).not.toBeNull();
        // An API record is the call as processed when the answer came: it ranks with Processed events.
        const stage = (kind: CallEvent['kind']) => ['start', 'preprocessed', 'processed', 'api'].indexOf(kind) - (kind === 'api' ? 1 : 0);
        const topStage = Math.max(...folded.map((k) => stage(k.event.kind)));
        const topNamed = named.filter((k) => stage(k.event.kind) === Math.max(...named.map((n) => stage(n.event.kind))));
        if (named.length > 0) expect(topNamed.map((k) => k.event.callerName)).toContain(call.callerName);
        if (folded.length > 0) expect(call.status).toBe(['ringing', 'ended', 'processed'][topStage]);
        // No field is blanked by an event that lacks it: a webhook's transcript survives an API record without one, and back.
        if (folded.some((k) => k.event.transcript)) expect(call.transcript).not.toBeNull();
        if (folded.some((k) => k.event.recordingUrl)) expect(call.recordingUrl).toBe('https://r.test/1.mp3');
      }),
      { numRuns: 300 },
    );
  });

  it('folds a real Start + Preprocessed + Processed into one call with the Start ring time kept', () => {
    const spec = SAMPLE_CALLER;
    const events: KeyedEvent[] = [
      { key: 'a#0', event: normaliseNotification(startNotification(spec) as never, '2019-11-15T14:09:46.500Z') },
      { key: 'b#0', event: normaliseNotification(preprocessedNotification(spec) as never, '2019-11-15T14:10:05.000Z') },
      { key: 'c#0', event: normaliseNotification(processedNotification(spec) as never, '2019-11-15T14:15:00.000Z') },
    ];
    expect(foldCall(events)).toMatchObject({
      status: 'processed',
      telmetricsId: '2079571437',
      callerName: 'John Smith',
      lookedUpName: 'John Smith',
      ringAt: '2019-11-15T14:09:46.100Z',
      startedAt: '2019-11-15T14:09:54.000Z',
      endedAt: '2019-11-15T14:10:03.000Z',
      answered: true,
      adSource: 'Google Ads',
      adChannel: 'Google Ads',
      eventCount: 3,
      recordingUrl: 'https://example.invalid/recordings/2079571437.mp3',
    });
  });

  it('merges a webhook call and its API record: the latest says, none blanks, a late API record fills the recording in', () => {
    const spec = { ...SAMPLE_CALLER, transcript: 'Caller: from the webhook' };
    const start = { key: 'a#0', event: normaliseNotification(startNotification(spec) as never, '2019-11-15T14:09:46.500Z') };
    const processed = { key: 'c#0', event: normaliseNotification(processedNotification(spec) as never, '2019-11-15T14:15:00.000Z') };
    const withoutRecording = normaliseApiResult(apiResult(spec, { transcription: null }) as never, '2019-11-15T15:00:00.000Z');
    const withRecording = normaliseApiResult(
      apiResult({ ...spec, recordingUrl: 'https://r.test/late.mp3' }, { transcription: null, caller_details: { name: 'John Q Smith' } }) as never,
      '2019-11-16T08:00:00.000Z',
    );
    if (!withoutRecording.ok || !withRecording.ok) throw new Error('the API records did not normalise');
    const early = foldCall([start, processed, { key: 'api:1', event: withoutRecording.event }]);
    expect(early).toMatchObject({ status: 'processed', ringAt: '2019-11-15T14:09:46.100Z', transcript: 'Caller: from the webhook', eventCount: 3 });
    expect(early.recordingUrl).toBe(processed.event.recordingUrl);
    const late = foldCall([{ key: 'api:2', event: withRecording.event }, processed, { key: 'api:1', event: withoutRecording.event }, start]);
    expect(late).toMatchObject({ recordingUrl: 'https://r.test/late.mp3', callerName: 'John Q Smith', transcript: 'Caller: from the webhook' });
  });

  it("keeps the vendor's looked-up name apart from the ring-time caller ID, tidied, placeholders left out", () => {
    const start = { key: 'a', event: event({ kind: 'start', callerName: 'P PATEL' }) };
    expect(foldCall([start])).toMatchObject({ callerName: 'P PATEL', lookedUpName: null });
    const processed = { key: 'c', event: event({ kind: 'processed', callerName: 'PATEL PRIYA' }) };
    expect(foldCall([processed, start])).toMatchObject({ callerName: 'PATEL PRIYA', lookedUpName: 'Patel Priya' });
    const api = { key: 'api:1', event: event({ kind: 'api', callerName: 'HAMILTON ON' }) };
    expect(foldCall([start, api]).lookedUpName).toBeNull();
    const lookedUpInCity = { key: 'b', event: event({ kind: 'preprocessed', callerName: 'HAMILTON', callerCity: 'HAMILTON' }) };
    expect(foldCall([start, lookedUpInCity]).lookedUpName).toBeNull();
  });

  it('uses the ring time as the start of a call that has only rung so far', () => {
    const call = foldCall([{ key: 'a', event: event({ kind: 'start', ringAt: '2019-11-15T14:09:45.591Z' }) }]);
    expect(call).toMatchObject({ status: 'ringing', startedAt: '2019-11-15T14:09:45.591Z' });
  });
});

describe('linkFactsMayChange', () => {
  const times = ['2019-11-15T14:09:46.000Z', '2019-11-15T14:09:54.000Z', '2019-11-15T14:10:03.000Z'];
  const arbLinkEvent: fc.Arbitrary<CallEvent> = fc
    .record({
      kind: fc.constantFrom<CallEvent['kind']>('start', 'preprocessed', 'processed', 'api'),
      sentAt: fc.option(fc.constantFrom(...times)),
      telmetricsId: maybe(fc.constantFrom('42', '43')),
      studyId: maybe(fc.constantFrom('7')),
      callerNumber: maybe(fc.constantFrom('9055552955', '4165550123')),
      calledNumber: maybe(fc.constantFrom('8669592359')),
      ringAt: maybe(fc.constantFrom(...times)),
      startedAt: maybe(fc.constantFrom(...times)),
      endedAt: maybe(fc.constantFrom(...times)),
    })
    .map((r) => event(r));
  const linkFacts = ({ telmetricsId, studyId, callerNumber, calledNumber, ringAt, startedAt, endedAt }: ReturnType<typeof foldCall>) => ({
    telmetricsId,
    studyId,
    callerNumber,
    calledNumber,
    ringAt,
    startedAt,
    endedAt,
  });

  it('says "no change" only when folding the event leaves what linking reads as it was', () => {
    let changes = 0;
    fc.assert(
      fc.property(fc.array(arbLinkEvent, { minLength: 1, maxLength: 5 }), arbLinkEvent, (events, next) => {
        const keyed = events.map((e, i): KeyedEvent => ({ key: `e${i}`, event: e }));
        const before = foldCall(keyed);
        const after = foldCall([...keyed, { key: 'next', event: next }]);
        if (linkFactsMayChange(before, next)) changes++;
        else expect(linkFacts(after)).toEqual(linkFacts(before));
      }),
      { numRuns: 2000 },
    );
    expect(changes).toBeGreaterThan(0);
  });
});
