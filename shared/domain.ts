// The domain model: what the app knows about a call, independent of how the vendor spells it.

/** Stages of a call's life, in the order the vendor sends them. `other` is any action we keep but do not fold. */
export type WebhookEventKind = 'start' | 'preprocessed' | 'processed' | 'other';

/** `api`: a result of the vendor's calls API (catch-up), the call as the vendor knew it when asked. */
export type EventKind = WebhookEventKind | 'api';

/** What the fold of a call's events says of its stage. */
export type FoldedStatus = 'ringing' | 'ended' | 'processed';

/**
 * A call as read: `no-details` is a Call Start alone past the ring window (shared/calls/ringWindow.ts): the call
 * ended or is still going on, and its later webhooks have not come (yet).
 */
export type CallStatus = FoldedStatus | 'no-details';

/** How a call went, as the list and its filters name it (shared/calls/outcome.ts). */
export type CallOutcome = 'answered' | 'missed' | 'voicemail' | 'ringing';

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
  /** How the latest earlier call went ("last Oct 12 (missed)"); null when there is none or it is not known. */
  lastOutcome: CallOutcome | null;
  /** Ids of the most recent earlier calls from the same number, newest first. */
  recentIds: number[];
}

/** A call: the fold of its events, plus what the store adds (id, priorCalls). */
export interface FoldedCall {
  status: FoldedStatus;
  telmetricsId: string | null;
  studyId: string | null;
  /** The latest name the vendor sent for the caller (caller ID at ring time, its lookup afterwards), as sent. */
  callerName: string | null;
  /**
   * The latest real name from the vendor's lookup after the call (Preprocessed, Processed, API), tidied; null
   * when only the ring-time caller ID named the caller. Absent from calls stored before it existed.
   */
  lookedUpName?: string | null;
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
  /** Which ad brought the caller, in plain words: "Google Ads · Invisalign Toronto" (shared/calls/adSource.ts). */
  adSource: string | null;
  /** The ad source's channel alone ("Google Ads", "Google search", "Yelp", "Direct"): what the filter groups by. */
  adChannel: string | null;
  attribution: Attribution;
  eventCount: number;
  lastEventAt: string | null;
}

/** A name staff saved for a caller's number. */
export interface Contact {
  name: string;
  /** A short note shown with the name ("Prefers mornings"), kept as typed. */
  note: string | null;
}

/** Where the name shown for a call comes from (shared/calls/callerName.ts). */
export type NameSource = 'contact' | 'vendor' | 'caller-id' | 'number' | 'none';

/** A call as the API answers it: the fold, with what the store and the clock add. */
export interface Call extends Omit<FoldedCall, 'status' | 'lookedUpName'> {
  id: number;
  status: CallStatus;
  priorCalls: PriorCalls;
  /** The app first learned of this call from the vendor's calls API: it did not ring on this PC. */
  caughtUp: boolean;
  /** The name to show: the contact's, else the vendor's latest real name for the number, else the caller ID's, else the number. */
  displayName: string;
  nameSource: NameSource;
  /** The name (and note) staff saved for the caller's number, if any. */
  contact: Contact | null;
  /** The line called: the label staff gave the tracking number, else the name of its ad; null when neither is known. */
  lineLabel: string | null;
  /** The start of the caller's next call after this one ("called again at 1:24 PM"); null when there is none. */
  calledAgainAt: string | null;
  /** When someone first opened this call in a window; null: nobody has looked at it yet. */
  openedAt: string | null;
  /** The state of the call-back entry this call belongs to (a missed call or voicemail); null for other calls. */
  followUpState: FollowUpState | null;
  /** The recording as this PC holds it (shared/callBacks/recording.ts); null when the call has none. */
  recording: RecordingView | null;
}

export type FollowUpState = 'open' | 'done';
export type FollowUpReason = 'missed' | 'voicemail';
/** marked: someone marked it done; reached-later: the same number had an answered call after it. */
export type FollowUpResolution = 'marked' | 'reached-later';

/**
 * What a receptionist can do with a call's recording on this PC. cached: `src` plays it from the app's own
 * listener, offline; pending: not downloaded yet (`src` null); failed: the download did not work (`error` says why,
 * in words); evicted: dropped to keep within the disk budget (it is downloaded again when asked for).
 */
export interface RecordingView {
  state: 'cached' | 'pending' | 'failed' | 'evicted';
  /** Same-origin address to play from (supports range requests); null unless cached. */
  src: string | null;
  bytes: number | null;
  error: string | null;
}

/** One caller's call-back entry: their missed calls and voicemails since they were last reached or marked done. */
export interface FollowUp {
  /** Stable id of the entry. */
  id: number;
  callerNumber: string;
  displayName: string;
  /** Number of missed calls and voicemails in the entry. */
  calls: number;
  lastCallAt: string;
  lastCallId: number;
  /** Newest first. */
  callIds: number[];
  /** voicemail when any of its calls left one (the message needs hearing), else missed. */
  reason: FollowUpReason;
  state: FollowUpState;
  doneAt: string | null;
  doneBy: string | null;
  resolution: FollowUpResolution | null;
  /** The note given when it was marked done (or reopened), kept as typed. */
  note: string | null;
  /** The answered call that closed it (resolution reached-later). */
  reachedCallId: number | null;
}

/** A note on a call, kept exactly as typed and shown as text. */
export interface CallNote {
  id: number;
  at: string;
  by: string;
  text: string;
}

export interface Alert {
  title: string;
  body: string;
}
