import { describe, expect, it } from 'vitest';
import { normaliseApiResult, parseCallsAnswer } from '../../shared/marketingEdge/apiCall';
import type { JsonValue } from '../../shared/marketingEdge/json';
import { normaliseNotification } from '../../shared/marketingEdge/normalise';
import { apiAnswerBody, apiResult, flattened } from '../support/apiResults';
import { processedNotification, SAMPLE_CALLER } from '../support/payloads';

const AT = '2019-11-16T08:00:00.000Z';

function read(result: unknown) {
  const record = normaliseApiResult(result as JsonValue, AT);
  if (!record.ok) throw new Error(record.reason);
  return record.event;
}

describe('normaliseApiResult', () => {
  it('reads a documented result as the webhooks read the same call', () => {
    const spec = { ...SAMPLE_CALLER, recordingUrl: 'https://r.test/2079571437.mp3', transcript: 'Caller: hi Agent: hello' };
    const api = read(apiResult(spec));
    const webhook = normaliseNotification(processedNotification(spec) as JsonValue, '2019-11-15T14:15:00.000Z');
    expect(api).toMatchObject({
      kind: 'api',
      sentAt: AT,
      telmetricsId: '2079571437',
      callerNumber: '9055552955',
      calledNumber: '8669592359',
      callerName: 'John Smith',
      callerCity: 'Lansing',
      callerState: 'MI',
      startedAt: '2019-11-15T14:09:54.000Z',
      answeredAt: '2019-11-15T14:09:56.000Z',
      endedAt: '2019-11-15T14:10:03.000Z',
      durationSeconds: 7,
      answerStatus: 'answered',
      answered: true,
      voicemail: false,
      recordingUrl: 'https://r.test/2079571437.mp3',
      transcript: 'Caller: hi Agent: hello',
      orgGroupId: '4062',
      warnings: [],
    });
    for (const field of ['telmetricsId', 'callerNumber', 'calledNumber', 'startedAt', 'endedAt', 'answeredAt', 'durationSeconds'] as const) {
      expect(api[field], field).toBe(webhook[field]);
    }
    // The webhooks fold RuleDescription's runs of spaces: the same label comes from both.
    expect(api.attribution).toMatchObject({ rule: 'Global Replacement - Toll Free', source: 'google', medium: 'cpc' });
  });

  it('reads the flattened form exactly as the nested one', () => {
    const nested = apiResult({ ...SAMPLE_CALLER, recordingUrl: 'https://r.test/a.mp3' });
    expect(read(flattened(nested))).toEqual(read(nested));
    expect(read(flattened(nested)).callerCity).toBe('Lansing');
  });

  it('reads _utc times with no zone letter as UTC, whatever the machine zone', () => {
    const event = read(apiResult(SAMPLE_CALLER, { start_time_utc: '2021-03-14 07:30:00', end_time_utc: '2021-03-14T07:31:05.250' }));
    expect(event.startedAt).toBe('2021-03-14T07:30:00.000Z');
    expect(event.endedAt).toBe('2021-03-14T07:31:05.250Z');
    const unreadable = read(apiResult(SAMPLE_CALLER, { start_time_utc: 'yesterday' }));
    expect(unreadable.startedAt).toBeNull();
    expect(unreadable.warnings.join()).toMatch(/start_time_utc: unreadable time "yesterday"/);
  });

  it('keeps numbers as the webhooks do: digits, no +1, from text or JSON numbers', () => {
    const event = read(apiResult(SAMPLE_CALLER, { caller_number: '+1 (905) 555-2955', tracking_number: 8669592359 }));
    expect(event.callerNumber).toBe('9055552955');
    expect(event.calledNumber).toBe('8669592359');
  });

  it('takes anything but "answered" as not answered, keeping the raw value', () => {
    const status = (s: Record<string, unknown>) => read(apiResult(SAMPLE_CALLER, { answer_status: undefined, answer_status_id: undefined, ...s }));
    expect(status({ answer_status: 'answered' })).toMatchObject({ answered: true, answerStatus: 'answered' });
    expect(status({ answer_status: 'Answered' }).answered).toBe(true);
    expect(status({ answer_status_id: 1 })).toMatchObject({ answered: true, answerStatus: '1' });
    expect(status({ answer_status: 'busy' })).toMatchObject({ answered: false, answerStatus: 'busy' });
    expect(status({ answer_status: 'Something New', answer_status_id: 9 })).toMatchObject({ answered: false, answerStatus: 'Something New' });
    expect(status({ answer_status_id: 3 })).toMatchObject({ answered: false, answerStatus: '3' });
    expect(status({})).toMatchObject({ answered: null, answerStatus: null });
    expect(status({ answer_status: 'voicemail' })).toMatchObject({ answered: false, voicemail: true });
  });

  it('reads voicemail_status words', () => {
    const vm = (v: unknown) => read(apiResult({ ...SAMPLE_CALLER, answered: false }, { voicemail_status: v })).voicemail;
    expect([vm('Yes'), vm('No'), vm(true), vm('Voicemail'), vm('Not Voicemail'), vm(null), vm('')]).toEqual([
      true,
      false,
      true,
      true,
      false,
      null,
      null,
    ]);
  });

  it('finds the transcript under any of its candidate names, at the top or in conversation_analytics', () => {
    for (const key of ['transcription', 'transcript', 'call_transcript', 'CallTranscript']) {
      expect(read(apiResult(SAMPLE_CALLER, { transcription: undefined, [key]: 'Caller: hi' })).transcript, key).toBe('Caller: hi');
    }
    const nested = apiResult(SAMPLE_CALLER, { transcription: undefined, conversation_analytics: { transcript: 'Agent: hello' } });
    expect(read(nested).transcript).toBe('Agent: hello');
    const turns = [
      { speaker: 'Caller', text: 'hi' },
      { speaker: 'Agent', text: 'hello' },
    ];
    expect(read(apiResult(SAMPLE_CALLER, { transcription: turns })).transcript).toBe('Caller: hi Agent: hello');
  });

  it('takes the recording from call_record_file, else voice_link', () => {
    const rec = (analytics: unknown) => read(apiResult(SAMPLE_CALLER, { conversation_analytics: analytics })).recordingUrl;
    expect(rec({ call_record_file: 'https://r.test/a.mp3', voice_link: 'https://r.test/b' })).toBe('https://r.test/a.mp3');
    expect(rec({ call_record_file: '', voice_link: 'https://r.test/b' })).toBe('https://r.test/b');
    expect(rec(null)).toBeNull();
  });

  it('drops carrier placeholder names and tolerates unknown fields', () => {
    const event = read(
      apiResult(SAMPLE_CALLER, {
        caller_details: { name: 'ONTARIO CALLER', city: 'Hamilton' },
        brand_new_field: { deep: [1, 2] },
        event_data_name: 'x',
      }),
    );
    expect(event).toMatchObject({ callerName: null, callerCity: 'Hamilton', warnings: [] });
  });

  it('refuses a result without a usable id, saying why', () => {
    for (const id of [undefined, null, '', 12.5, { n: 1 }, 'has space']) {
      const record = normaliseApiResult(apiResult(SAMPLE_CALLER, { id }) as JsonValue, AT);
      expect(record.ok, JSON.stringify(id)).toBe(false);
      if (!record.ok) expect(record.reason).toMatch(/no usable id/);
    }
    expect(normaliseApiResult('text', AT)).toEqual({ ok: false, reason: 'the result is not a JSON object' });
  });
});

describe('parseCallsAnswer', () => {
  it('reads results and paging, keeping an id beyond 2^53 exact', () => {
    const body = apiAnswerBody([{ id: 1 }], { total: 895, pageSize: 100 })
      .toString('utf8')
      .replace('"id":1', '"id":123456789012345678');
    const answer = parseCallsAnswer(body);
    expect(answer.total).toBe(895);
    expect(read(answer.results[0]).telmetricsId).toBe('123456789012345678');
  });

  it('throws, saying why, for a body that is not a calls answer', () => {
    expect(() => parseCallsAnswer('{"results": [')).toThrow(/Not a calls answer: malformed JSON/);
    expect(() => parseCallsAnswer('[]')).toThrow('Not a calls answer: the body is not a JSON object');
    expect(() => parseCallsAnswer('{"calls": []}')).toThrow('Not a calls answer: it has no "results" list');
    expect(parseCallsAnswer('{"Results": []}').results).toEqual([]);
    expect(parseCallsAnswer('\ufeff{"results": [{"id": 1}]}').results).toEqual([{ id: 1 }]);
  });
});
