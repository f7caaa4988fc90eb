// Builders of vendor-shaped webhook bodies (the seeds' shapes) for tests: one call's Start, Preprocessed and
// Processed notifications, wrapped in envelopes exactly as the ASP.NET sender does.

import { randomUUID } from 'node:crypto';

export interface CallSpec {
  telmetricsId: string;
  callerNumber: string;
  calledNumber?: string;
  studyId?: number;
  callerName?: string;
  city?: string;
  state?: string;
  /** Wall-clock start in the call's zone (Eastern), e.g. "2019-11-15T09:09:54". */
  localStart: string;
  /** UTC ring time for the Call Start, e.g. "2019-11-15T14:09:46.100". */
  ringUtc: string;
  seconds?: number;
  answered?: boolean;
  transcript?: string;
  recordingUrl?: string;
  utmSource?: string;
}

/** The caller of the vendor's sample payloads, as a spec. */
export const SAMPLE_CALLER: CallSpec = {
  telmetricsId: '2079571437',
  callerNumber: '9055552955',
  callerName: 'John Smith',
  city: 'Lansing',
  state: 'MI',
  localStart: '2019-11-15T09:09:54',
  ringUtc: '2019-11-15T14:09:46.100',
  utmSource: 'google',
};

export function envelope(notifications: object[], options: { id?: string; utc?: string; attempt?: number } = {}): string {
  const body = {
    Id: options.id ?? randomUUID().replace(/-/g, ''),
    Attempt: options.attempt ?? 1,
    Properties: { CollectionType: 'CallDetails', UTC: options.utc ?? '2019-11-15T14:10:03.252', Organization: '4062' },
    Notifications: notifications,
  };
  return JSON.stringify(body, null, 2).replace(/\n/g, '\r\n');
}

function addSeconds(localIso: string, seconds: number): string {
  const t = new Date(`${localIso}Z`).getTime() + seconds * 1000;
  return new Date(t).toISOString().slice(0, 19);
}

export function startNotification(c: CallSpec): object {
  return {
    Action: 'CallDetails.CallStartCall',
    CallDate: c.ringUtc,
    CalledNumber: c.calledNumber ?? '8669592359',
    CallerNumber: c.callerNumber,
    OrgGroupName: 'Telmetrics Demo',
    OrgGroupID: 4062,
    CallerDetails: {
      PhoneNumber: c.callerNumber,
      Name: c.callerName ?? 'WIRELESS CALLER',
      Address: null,
      City: c.city ?? null,
      State: c.state ?? null,
    },
    StudyDetails: { StudyID: c.studyId ?? 8470718 },
    AdDetails: { AdDefinitionID: 4250816 },
    AttributionDetails: { SessionId: 'eb74e7c6', RuleDescription: 'Global Replacement   - Toll Free', ReferrerUrl: '' },
  };
}

export function preprocessedNotification(c: CallSpec): object {
  const seconds = c.seconds ?? 7;
  return {
    Action: 'CallDetails.CallPreprocessed',
    TelmetricsId: Number(c.telmetricsId),
    TelmetricsStudyID: c.studyId ?? 8470718,
    CalledNumber: c.calledNumber ?? '8669592359',
    StartTime: c.localStart,
    AnswerTime: c.answered === false ? null : addSeconds(c.localStart, 2),
    EndTime: addSeconds(c.localStart, seconds + 2),
    AnswerStatus: c.answered === false ? 0 : 1,
    CallSeconds: seconds,
    CallerNumber: c.callerNumber,
    TimeZone: 'Eastern',
    CallerName: c.callerName ?? '',
    CallerCity: c.city ?? '',
    CallerState: c.state ?? '',
    VoiceRecordingUrl: null,
    CallTranscript: null,
    AdDetails: { AdDefinitionID: 4250816, AdDefinitionName: 'ABC Company' },
    AttributionDetails: null,
  };
}

export function processedNotification(c: CallSpec): object {
  return {
    ...preprocessedNotification(c),
    Action: 'CallDetails.CallProcessed',
    AnswerStatus: c.answered === false ? 'Unanswered' : 'Answered',
    VoiceRecordingUrl: c.recordingUrl ?? `https://example.invalid/recordings/${c.telmetricsId}.mp3`,
    CallTranscript: c.transcript ?? 'Caller: Hi, I saw your ad about furnace repair. Agent: Sure, let me book you in.',
    AttributionDetails: c.utmSource ? { utm_source: c.utmSource, utm_medium: 'cpc', ReferrerURL: 'google.com' } : null,
  };
}

/** The three deliveries of one call, each its own envelope (as the vendor sends them). */
export function callDeliveries(c: CallSpec): { start: string; preprocessed: string; processed: string } {
  return {
    start: envelope([startNotification(c)], { utc: c.ringUtc }),
    preprocessed: envelope([preprocessedNotification(c)], { utc: `${addSeconds(c.localStart, 5 * 3600 + 20)}.100` }),
    processed: envelope([processedNotification(c)], { utc: `${addSeconds(c.localStart, 5 * 3600 + 300)}.100` }),
  };
}
