import { describe, expect, it } from 'vitest';
import { isPlaceholderName } from '../../shared/calls/callerName';
import { normaliseNotification, parseEnvelope } from '../../shared/marketingEdge/normalise';
import { parseVendorJson } from '../../shared/marketingEdge/json';
import { loadSeeds, withCrlf } from '../support/seeds';

const seeds = loadSeeds();

function onlyEvent(body: string) {
  const parsed = parseEnvelope(body);
  if (!parsed.ok) throw new Error(parsed.reason);
  expect(parsed.envelope.notifications).toHaveLength(1);
  return normaliseNotification(parsed.envelope.notifications[0]!, parsed.envelope.sentAt);
}

describe('the three seed samples', () => {
  it('Call Start: nested caller, CallDate in UTC, placeholder name dropped', () => {
    const e = onlyEvent(seeds.start.body);
    expect(e).toMatchObject({
      kind: 'start',
      telmetricsId: null,
      callerNumber: '9055802958',
      calledNumber: '8669592359',
      studyId: '8470718',
      organizationId: '4062',
      callerName: null,
      ringAt: '2019-11-15T14:09:45.591Z',
      sentAt: '2019-11-15T14:09:52.267Z',
      orgGroupName: 'Telmetrics Demo',
      adDefinitionId: '4250816',
      advertiserId: '5969255',
    });
    expect(e.attribution).toMatchObject({
      rule: 'Global Replacement - Toll Free',
      landingPage: 'http://123company.net/',
      referrer: null,
      sessionId: 'eb74e7c6-36ae-434e-a6b6-0b977440db1e',
    });
    expect(e.warnings).toEqual([]);
  });

  it('Preprocessed: Eastern standard time (UTC-5), AnswerStatus 1, "" as null', () => {
    const e = onlyEvent(seeds.preprocessed.body);
    expect(e).toMatchObject({
      kind: 'preprocessed',
      telmetricsId: '2079571437',
      studyId: '8470718',
      callerName: 'John Smith',
      callerCity: 'Lansing',
      callerState: 'MI',
      startedAt: '2019-11-15T14:09:54.000Z',
      answeredAt: '2019-11-15T14:09:56.000Z',
      endedAt: '2019-11-15T14:10:03.000Z',
      durationSeconds: 7,
      answered: true,
      answerStatus: '1',
      recordingUrl: null,
      transcript: null,
      adName: 'ABC Company',
      advertiserName: 'Always Avacado DNI Demo',
      incomplete: true,
    });
    expect(e.warnings).toEqual([]);
  });

  it('Preprocessed: the repeated MonitorStartTime keeps its value', () => {
    const value = parseVendorJson(seeds.preprocessed.body) as { Notifications: Record<string, unknown>[] };
    expect(value.Notifications[0]!.MonitorStartTime).toBe('2019-11-15T14:09:53.564');
    expect(value.Notifications[0]!.MonitorEndTime).toBe('2019-11-15T14:10:02.972');
  });

  it('Processed: Eastern daylight time (UTC-4), "Answered", key typos, keywords', () => {
    const e = onlyEvent(seeds.processed.body);
    expect(e).toMatchObject({
      kind: 'processed',
      telmetricsId: '1793078638',
      callerNumber: '4167370693',
      callerName: null,
      callerCity: 'TORONTO',
      callerState: 'ON',
      startedAt: '2016-05-04T17:17:24.000Z',
      answeredAt: '2016-05-04T17:17:32.000Z',
      endedAt: '2016-05-04T17:17:42.000Z',
      answered: true,
      voicemail: false,
      durationSeconds: 10,
      recordingUrl: expect.stringContaining('1793078638.mp3'),
      advertiserId: '1234',
      adDefinitionId: '1234',
      orgGroupId: '1234',
    });
    expect(e.attribution).toEqual({
      source: 'google',
      medium: 'search',
      campaign: 'testcampaign',
      term: 'testing',
      content: 'banner1',
      referrer: 'google.com',
      landingPage: 'http://test.com?utm=...',
      rule: 'abc - google.com',
      sessionId: '999',
    });
    expect(e.keywords).toHaveLength(4);
    expect(e.keywords[3]).toEqual({ list: 'ListB', keyword: 'train', agent: null, caller: '00:00:00|00:00:03' });
    expect(e.transcript).toMatch(/^Caller: And put on Agent: Come/);
  });

  it('reads the same from CRLF bodies as from LF bodies', () => {
    for (const seed of Object.values(seeds)) expect(onlyEvent(withCrlf(seed.body))).toEqual(onlyEvent(seed.body));
  });
});

describe('quirks', () => {
  const base = { Action: 'CallDetails.CallPreprocessed', TelmetricsId: 1, CalledNumber: '8669592359', CallerNumber: '9055552955' };

  it('reads any spelling and case of a key', () => {
    const e = normaliseNotification(
      {
        ...base,
        callernumber: 'x',
        AdDetails: { addefinitionid: 7, ADDEFINITIONNAME: 'Spring promo' },
        ATTRIBUTIONDETAILS: { ReferrerUrl: 'https://www.bing.com/search?q=1', 'LandingPagURL:': 'http://a.test/' },
      },
      null,
    );
    expect(e.adDefinitionId).toBe('7');
    expect(e.adName).toBe('Spring promo');
    expect(e.attribution.referrer).toBe('https://www.bing.com/search?q=1');
    expect(e.attribution.landingPage).toBe('http://a.test/');
    expect(e.callerNumber).toBe('9055552955');
  });

  it('keeps a 64-bit TelmetricsId exact', () => {
    const parsed = parseEnvelope(
      '{"Id":"a","Attempt":1,"Properties":{},"Notifications":[{"Action":"CallDetails.CallProcessed","TelmetricsId":98765432109876543}]}',
    );
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(normaliseNotification(parsed.envelope.notifications[0]!, null).telmetricsId).toBe('98765432109876543');
  });

  it('accepts string ids, "" and null alike, and number-or-string codes', () => {
    const e = normaliseNotification(
      { ...base, TelmetricsId: '2079571437', CallerCity: '', CallerState: null, CallSeconds: '12', StudyDetails: { StudyID: '55', CustomID: '' } },
      null,
    );
    expect(e).toMatchObject({ telmetricsId: '2079571437', callerCity: null, callerState: null, durationSeconds: 12, studyId: '55' });
  });

  it('reports an unknown time zone without losing the event, falling back to the UTC monitor times', () => {
    const e = normaliseNotification(
      {
        ...base,
        TimeZone: 'Martian',
        StartTime: '2019-11-15T09:09:54',
        MonitorStartTime: '2019-11-15T14:09:53.564',
        MonitorEndTime: '2019-11-15T14:10:02.972',
      },
      null,
    );
    expect(e.startedAt).toBe('2019-11-15T14:09:53.564Z');
    expect(e.endedAt).toBe('2019-11-15T14:10:02.972Z');
    expect(e.warnings.join()).toMatch(/TimeZone "Martian" is unknown/);
  });

  it('reads the M/D/YYYY h:mm:ss AM format in the call zone', () => {
    const e = normaliseNotification({ ...base, TimeZone: 'Central', StartTime: '4/30/2021 1:31:38 PM' }, null);
    expect(e.startedAt).toBe('2021-04-30T18:31:38.000Z');
  });

  it('reports values of the wrong type and unknown answer codes, keeping what can be read', () => {
    const e = normaliseNotification({ ...base, CallSeconds: 'seven', AnswerStatus: 'Forwarded', VoiceMailDetected: 'yes', StartTime: 'soon' }, null);
    expect(e.durationSeconds).toBeNull();
    expect(e.answerStatus).toBe('Forwarded');
    expect(e.answered).toBeNull();
    expect(e.voicemail).toBe(true);
    expect(e.warnings.some((w) => w.startsWith('callseconds'))).toBe(true);
    expect(e.warnings.some((w) => w.includes('AnswerStatus "Forwarded"'))).toBe(true);
    expect(e.warnings.some((w) => w.includes('unreadable time "soon"'))).toBe(true);
  });

  it('treats unknown actions as kept events of kind other', () => {
    expect(normaliseNotification({ Action: 'SmsDetails.SmsConversationStart', Body: 'hi' }, null).kind).toBe('other');
    expect(normaliseNotification('not an object', null).warnings).toContain('Notification is not a JSON object');
  });

  it('knows carrier placeholders are not names', () => {
    for (const name of ['WIRELESS CALLER', 'ONTARIO CALLER', 'TOLL FREE CALL', 'UNAVAILABLE', 'Private', '9055802958']) {
      expect(isPlaceholderName(name), name).toBe(true);
    }
    for (const name of ['John Smith', 'SMITH JOHN', 'Jane Caller', 'ACME PLUMBING']) expect(isPlaceholderName(name), name).toBe(false);
  });
});

describe('parseEnvelope', () => {
  it.each([
    ['not JSON', '{"Id": "x", ', /^Malformed JSON/],
    ['an array', '[1,2]', /not a JSON object/],
    ['no Notifications', '{"Id":"x","Attempt":1,"Properties":{}}', /Notifications/],
    ['no Id', '{"Attempt":1,"Notifications":[]}', /Id is missing/],
  ])('rejects %s with a reason', (_name, body, reason) => {
    const parsed = parseEnvelope(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});
