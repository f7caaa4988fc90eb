// The domain model: what the app knows about a call, independent of how the vendor spells it.

/** Stages of a call's life, in the order the vendor sends them. `other` is any action we keep but do not fold. */
export type WebhookEventKind = 'start' | 'preprocessed' | 'processed' | 'other';

/** `api`: a result of the vendor's calls API (catch-up), the call as the vendor knew it when asked. */
export type EventKind = WebhookEventKind | 'api';

export type CallStatus = 'ringing' | 'ended' | 'processed';

export interface Attribution {
  source: string | null;
  medium: string | null;
  campaign: string | null;
  term: string | null;
  content: string | null;
  referrer: string | null;
  landingPage: string | null;
  rule: string | null;
  sessionId: string | null;
}

export interface KeywordHit {
  list: string | null;
  keyword: string;
  /** "HH:MM:SS|HH:MM:SS" spans as sent, null when the side never said it. */
  agent: string | null;
  caller: string | null;
}

/** One notification, normalised. Every text field is trimmed, with "" turned into null. */
export interface CallEvent {
  kind: EventKind;
  action: string;
  /** Properties.UTC of the delivery that carried it (ISO, Z), or when an API record's answer came: orders repeated updates. */
  sentAt: string | null;
  telmetricsId: string | null;
  studyId: string | null;
  organizationId: string | null;
  callerNumber: string | null;
  calledNumber: string | null;
  terminationNumber: string | null;
  callerName: string | null;
  callerStreet: string | null;
  callerCity: string | null;
  callerState: string | null;
  callerZip: string | null;
  callerAddress: string | null;
  /** When the tracking number started ringing (Call Start's CallDate). */
  ringAt: string | null;
  startedAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  timeZone: string | null;
  durationSeconds: number | null;
  ringCount: number | null;
  /** AnswerStatus as sent (1, "Answered", …). */
  answerStatus: string | null;
  answered: boolean | null;
  voicemail: boolean | null;
  recordingUrl: string | null;
  transcript: string | null;
  keywords: KeywordHit[];
  adDefinitionId: string | null;
  adName: string | null;
  advertiserId: string | null;
  advertiserName: string | null;
  orgGroupId: string | null;
  orgGroupName: string | null;
  attribution: Attribution;
  incomplete: boolean | null;
  /** What did not fit the known shapes: reported, never a reason to drop the event. */
  warnings: string[];
}

/** An event as stored: `key` (envelope id + notification index) makes the fold's order total. */
export interface KeyedEvent {
  key: string;
  event: CallEvent;
}

export interface PriorCalls {
  count: number;
  lastAt: string | null;
  /** Ids of the most recent earlier calls from the same number, newest first. */
  recentIds: number[];
}

/** A call: the fold of its events, plus what the store adds (id, priorCalls). */
export interface FoldedCall {
  status: CallStatus;
  telmetricsId: string | null;
  studyId: string | null;
  callerName: string | null;
  callerNumber: string | null;
  calledNumber: string | null;
  terminationNumber: string | null;
  callerStreet: string | null;
  callerCity: string | null;
  callerState: string | null;
  callerZip: string | null;
  callerAddress: string | null;
  ringAt: string | null;
  startedAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  timeZone: string | null;
  durationSeconds: number | null;
  ringCount: number | null;
  answerStatus: string | null;
  answered: boolean | null;
  voicemail: boolean | null;
  recordingUrl: string | null;
  transcript: string | null;
  keywords: KeywordHit[];
  adName: string | null;
  advertiserName: string | null;
  orgGroupName: string | null;
  adSource: string | null;
  attribution: Attribution;
  eventCount: number;
  lastEventAt: string | null;
}

export interface Call extends FoldedCall {
  id: number;
  priorCalls: PriorCalls;
  /** The app first learned of this call from the vendor's calls API: it did not ring on this PC. */
  caughtUp: boolean;
}

export interface Alert {
  title: string;
  body: string;
}
