// A call as the API returns it, for the window's pure-code tests (the Preprocessed seed, folded).

import type { Attribution, Call } from '../../shared/domain';

/** A call no ad or landing page is known for. */
export const NO_ATTRIBUTION: Attribution = {
  source: null,
  medium: null,
  campaign: null,
  term: null,
  content: null,
  referrer: null,
  landingPage: null,
  rule: null,
  sessionId: null,
};

export function sampleCall(overrides: Partial<Call> = {}): Call {
  return {
    id: 1,
    status: 'ended',
    telmetricsId: '2079571437',
    studyId: '8470718',
    callerName: 'John Smith',
    callerNumber: '9055552955',
    calledNumber: '8669592359',
    terminationNumber: '9052198236',
    callerStreet: '2220 Marine Drive',
    callerCity: 'Lansing',
    callerState: 'MI',
    callerZip: '40293',
    callerAddress: '2220 Marine Drive, Lansing, MI, 40293',
    ringAt: null,
    startedAt: '2019-11-15T14:09:54.000Z',
    answeredAt: '2019-11-15T14:09:56.000Z',
    endedAt: '2019-11-15T14:10:03.000Z',
    timeZone: 'Eastern',
    durationSeconds: 7,
    ringCount: 1,
    answerStatus: '1',
    answered: true,
    voicemail: null,
    recordingUrl: null,
    transcript: null,
    keywords: [],
    adName: 'ABC Company',
    advertiserName: 'Always Avacado DNI Demo',
    orgGroupName: 'ABC Company',
    adSource: 'ABC Company',
    adChannel: 'ABC Company',
    attribution: NO_ATTRIBUTION,
    eventCount: 1,
    lastEventAt: '2019-11-15T14:10:03.252Z',
    priorCalls: { count: 0, lastAt: null, lastOutcome: null, recentIds: [] },
    caughtUp: false,
    displayName: 'John Smith',
    nameSource: 'caller-id',
    contact: null,
    lineLabel: null,
    ...overrides,
  };
}
