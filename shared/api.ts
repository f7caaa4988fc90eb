// What the core's API answers (the response types of shared/contract/operations.ts). Requests are zod
// schemas in shared/contract/schemas.ts; their types are re-exported here for the code that reads both.

import type { Alert, Call, CallEvent, CallNote, FollowUp, WebhookEventKind } from './domain';
import type { AlertPreferences, CatchUpProvider, DeliveryKind, SignatureModeSetting, TunnelProviderKind } from './contract/schemas';

export type {
  AlertPreferences,
  CallFilters,
  CallOutcomeFilter,
  CatchUpProvider,
  ExportCsvQuery,
  ListApiAnswersQuery,
  ListCallsQuery,
  ListDeliveriesQuery,
  RunCatchUpRequest,
  SaveCatchUpSettingsRequest,
  SignatureModeSetting,
  TunnelProviderKind,
  UpdateSettingsRequest,
  UpdateTunnelSettingsRequest,
} from './contract/schemas';

export interface ListCallsResponse {
  calls: Call[];
  nextCursor: string | null;
}

export interface StoredEventView {
  id: number;
  deliveryId: number;
  receivedAt: string;
  kind: WebhookEventKind;
  action: string;
  event: CallEvent;
  /** The notification exactly as the vendor sent it (JSON text). */
  raw: string;
}

export interface CallDetailResponse {
  call: Call;
  events: StoredEventView[];
  /** Oldest first. */
  notes: CallNote[];
  /** The call-back entry this call belongs to, or null. */
  followUp: FollowUp | null;
}

// ---- Call-backs (issue 15): people to call back, notes, this desk's name ----

export interface FollowUpsResponse {
  /** Newest last call first, at most 500: the list stops there, `open` does not. */
  followUps: FollowUp[];
  /** How many entries are open in all (the tray's and the tab's count), read with the list. */
  open: number;
  /** The call-backs of a history from before (an upgrade) are still being counted: the list is not whole yet. */
  building: boolean;
}

/** Pushed on every change of the call-back entries: how many are open (the tray's and the tab's count). */
export interface FollowUpsEvent {
  open: number;
  /** The entries that changed, as they now stand. */
  changed: FollowUp[];
  /** As in FollowUpsResponse: while true, `open` is not whole; the push that ends it carries no entries (lists re-read). */
  building: boolean;
}

export type DeliveryOutcome = 'accepted' | 'duplicate' | 'rejected' | 'failed';
export type SignatureVerdict = 'not-checked' | 'valid' | 'invalid' | 'missing';

/**
 * What happened to a delivery, as the inspector files it (shared/deliveries/words.ts derives it):
 * accepted (stored and applied), duplicate (a retry of one already applied), rejected (read, but not a
 * webhook: bad JSON or no envelope, or a body cut off), refused (turned away at the door: a signature
 * refused, a body too large or compressed), failed (stored, but could not be applied to its call).
 */
export type { DeliveryKind } from './contract/schemas';

/** A call a delivery (or a catch-up answer) touched, named as the call list names it. */
export interface DeliveryCallLink {
  callId: number;
  /** The call's display name as the list shows it (a saved contact, the vendor's name, the number, "Unknown caller"). */
  displayName: string;
  callerNumber: string | null;
  startedAt: string;
  isTest: boolean;
}

export interface DeliveryView {
  id: number;
  receivedAt: string;
  envelopeId: string | null;
  attempt: number | null;
  outcome: DeliveryOutcome;
  kind: DeliveryKind;
  /** What happened, in plain words for the person looking ("Refused: the signature did not match…"). */
  summary: string;
  /** The technical reason as recorded (shown behind a disclosure); null when there is none. */
  reason: string | null;
  signature: SignatureVerdict;
  status: number;
  notificationCount: number;
  actions: string[];
  /** The calls its notifications were filed under, oldest first; empty for one that never reached a call. */
  calls: DeliveryCallLink[];
  headers: Record<string, string>;
  /** The body as stored, decoded as UTF-8 (shown as text, never as HTML): all of it, its first bytes, or nothing (`bodyKept`). */
  body: string;
  /** The body's size in bytes as received (as declared when it was not read); null when not known. */
  bodySize: number | null;
  /** SHA-256 (hex) of the whole body as received; kept for refused and rejected deliveries. */
  bodySha256: string | null;
  bodyKept: BodyKept;
  /** Why Re-process cannot run on it, in words ("Only the first bytes of a refused body are kept"); null when it can. */
  reprocessBlocked: string | null;
}

/**
 * What of a delivery's body is stored: all of it; its first bytes (refused by the signature check); nothing
 * any more (dropped past the refused-body budget, or cleared); nothing ever (not read: over the cap, broken off).
 */
export type BodyKept = 'whole' | 'head' | 'dropped' | 'none';

/** The bytes the bodies of refused and rejected deliveries hold, and their budget (the oldest are dropped beyond it). */
export interface RefusedBodies {
  keptBytes: number;
  budgetBytes: number;
}

/** Newest first. */
export interface ListDeliveriesResponse {
  deliveries: DeliveryView[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: number | null;
  refusedBodies: RefusedBodies;
  /** How many deliveries of each kind that asks for attention are stored in all (not only this page). */
  problemCounts: { rejected: number; refused: number; failed: number };
}

/**
 * What Re-process did: applied (today's normaliser and fold took it: events added or a call changed),
 * unchanged (already applied: nothing changed), still-rejected / still-failed (it fails today too; `message`
 * says why). Re-processing never raises a screen pop: the calls it changes are pushed as `replayed`.
 */
export type ReprocessResult = 'applied' | 'unchanged' | 'still-rejected' | 'still-failed';

export interface ReprocessDeliveryResponse {
  result: ReprocessResult;
  /** In plain words: "Applied: the call from Priya Shah now has its outcome and recording." */
  message: string;
  /** The delivery as it now stands (its outcome, summary and calls updated). */
  delivery: DeliveryView;
}

/** An answer of the vendor's calls API kept by catch-up, as the inspector shows it. */
export interface ApiAnswerView {
  id: number;
  receivedAt: string;
  provider: CatchUpProvider;
  /** The request's URL with every credential removed (never a key or token). */
  url: string;
  status: number;
  outcome: 'accepted' | 'rejected' | 'failed';
  summary: string;
  reason: string | null;
  resultCount: number;
  calls: DeliveryCallLink[];
  /** The answer's body as received, decoded as UTF-8 (text, never HTML); '' when not included. */
  body: string;
  /** False in a page of answers (listApiAnswers: an answer can be megabytes); true from getApiAnswer and Re-process. */
  bodyIncluded: boolean;
  bodySize: number;
  reprocessBlocked: string | null;
}

export interface ListApiAnswersResponse {
  answers: ApiAnswerView[];
  nextCursor: number | null;
}

export interface ReprocessApiAnswerResponse {
  result: ReprocessResult;
  message: string;
  answer: ApiAnswerView;
}

export interface ClearRefusedBodiesResponse {
  /** Bodies dropped; their deliveries' records stay. */
  cleared: number;
  refusedBodies: RefusedBodies;
}

export interface HealthOk {
  ok: true;
  version: string;
  calls: number;
  secrets: SecretProblem[];
}

/**
 * Why calls cannot be stored: the database deleted or replaced (`lost`), `damaged`, a restarted store thread
 * that `cannot-open` it (disk full, not allowed, in use), or that thread `restarting` after it stopped.
 */
export type HealthProblem = 'lost' | 'damaged' | 'cannot-open' | 'restarting';

/** GET /api/health: 200 with `ok: true`, or 503 with why calls cannot be stored as `error`, as every refusal words it. */
export type HealthResponse = HealthOk | { ok: false; version: string; problem: HealthProblem; error: string; file: string; secrets: SecretProblem[] };

/** Where secrets are kept: the system keychain (desktop app) or a file only this user can read (headless mode). */
export type SecretPlace = 'keychain' | 'file';

/** The secrets whose loss degrades a feature (the webhook token is kept by the call database too). */
export type UnreadableSecretName = 'webhookSecret' | 'ngrokAuthtoken' | 'cloudflaredToken' | 'vendorApiToken' | 'vendorApiKey';

/** A secret the system key store would not give back, and what that stops: calls keep arriving either way. */
export interface SecretProblem {
  secret: UnreadableSecretName;
  /** What does not work, in a few words (the tray). */
  short: string;
  /** What does not work and what to do (the window). */
  text: string;
}

/**
 * Server-sent `call` event: the call as it now stands, and the screen-pop alert when a Call Start arrived. The
 * alert's words are the core's, in the core's time zone: a window says them again in its own (shared/calls/alert.ts).
 */
export interface CallStreamEvent {
  call: Call;
  alert: Alert | null;
  /** The change came from the vendor's calls API (catch-up): nothing rang on this PC, so it raises no alert of any kind. */
  fromCatchUp?: true;
  /** The change came from re-processing a stored delivery or answer: it raises no alert of any kind. */
  replayed?: true;
}

/** Every refusal: the HTTP error body, and the message of the IPC error. */
export interface ApiError {
  error: string;
}

// ---- Settings, ad sources and CSV export (the window's settings view, filters and export) ----

/** GET /api/settings. The signature secret itself is never sent back, only whether one is set. */
export interface SettingsResponse {
  /** The local webhook URL (what a tunnel forwards to). */
  webhookUrl: string;
  webhookToken: string;
  signature: { mode: SignatureModeSetting; secretSet: boolean };
  alerts: AlertPreferences;
  /** This desk's name, kept with every call-back change and note ("Front desk"); default: the computer's name. */
  deskName: string;
  dataDir: string;
  version: string;
}

/** One channel of the ad-source filter ("Google Ads") and its ad sources ("Google Ads · Invisalign Toronto"). */
export interface AdChannelGroup {
  channel: string;
  /** The full ad-source labels in this channel, sorted; the channel's own label when a call named no campaign. */
  sources: string[];
}

/** GET /api/ad-sources: every channel and ad source seen on a call (test calls left out), for the filter. */
export interface AdSourcesResponse {
  channels: AdChannelGroup[];
}

// ---- Contacts (names staff saved for callers' numbers) and lines (labels of the tracking numbers) ----

/** GET/PUT /api/contacts/:number. `number` is the caller's number as stored: digits, no country code 1. */
export interface ContactView {
  number: string;
  name: string;
  note: string | null;
  updatedAt: string;
}

export interface DeleteContactResponse {
  number: string;
  deleted: boolean;
}

/** A tracking number ("line") the office's calls came in on. */
export interface LineView {
  /** Digits, as stored (the calls' `calledNumber`). */
  number: string;
  /** The label staff gave it; null: none, `adName` (then the number) is shown. */
  label: string | null;
  /** The name of the ad of this tracking number (AdDefinitionName), learned from any call to it. */
  adName: string | null;
  /** What the pop and the rows say: `label`, else `adName`, else the formatted number. */
  name: string;
  /** The start of the latest call to it, if any. */
  lastCallAt: string | null;
}

export interface LinesResponse {
  lines: LineView[];
}

// ---- The public webhook URL (tunnel) ----

/**
 * off: no provider. starting: first connection since start or a settings change. online: connected, and the
 * self-test reached this app through the public URL, or could not reach the public URL from this PC at all
 * (`verified` false). reconnecting: lost, retrying with backoff.
 * failed: retrying cannot help (see `error`); waits for new settings, a restart or the computer waking.
 */
export type TunnelState = 'off' | 'starting' | 'online' | 'reconnecting' | 'failed';

/** Why a tunnel is not online, for the window to branch on; the sentence for a person is `error`. */
export type TunnelProblemCode =
  | 'missing-token'
  | 'bad-token'
  | 'account-blocked'
  | 'domain-in-use'
  | 'too-many-sessions'
  | 'binary-not-found'
  | 'no-internet'
  | 'timeout'
  | 'subdomain-taken'
  | 'relay-error'
  | 'process-exited'
  | 'self-test-failed'
  | 'bad-setting'
  | 'secret-unreadable'
  | 'unknown';

/** One self-test: GET <public webhook URL>?echo=<random> through the tunnel, answered by this app. */
export interface TunnelCheck {
  at: string;
  ok: boolean;
  ms: number;
  /** What went wrong, in words, when not ok. */
  error: string | null;
}

export interface TunnelSettings {
  provider: TunnelProviderKind;
  /** ngrok: the account's free dev domain (`name.ngrok-free.dev`) or a reserved one; null: ngrok picks. */
  ngrokDomain: string | null;
  /** cloudflared: the program to run; null: CLOUDFLARED_PATH, then PATH, then the usual install folders. */
  cloudflaredPath: string | null;
  /** localtunnel: the relay (null: the public https://localtunnel.me) and the subdomain asked for. */
  localtunnelHost: string | null;
  localtunnelSubdomain: string | null;
  /** manual: the person's own public address of the webhook listener (port forward, reverse proxy, Funnel). */
  manualUrl: string | null;
}

/** Settings as shown: tokens are never sent back, only whether they are set. A cloudflared token means a named tunnel. */
export interface TunnelSettingsView extends TunnelSettings {
  ngrokAuthtokenSet: boolean;
  cloudflaredTokenSet: boolean;
}

export interface TunnelStatus {
  provider: TunnelProviderKind;
  state: TunnelState;
  /** The tunnel's public base URL (no path), once known. */
  url: string | null;
  /** What goes into Marketing Edge: `url` + /hooks/<token>. */
  publicWebhookUrl: string | null;
  /** The public webhook URL the person last confirmed they entered in Marketing Edge. */
  confirmedUrl: string | null;
  /** `publicWebhookUrl` is known and is not `confirmedUrl`: show "Update the webhook URL in Marketing Edge" + copy. */
  urlChanged: boolean;
  /** False when the URL changes on restart (cloudflared quick tunnel, ngrok without a domain). */
  urlStable: boolean;
  /** The provider's caveat, shown beside its name ("URL changes on every start — for trying only"). */
  caveat: string | null;
  lastCheck: TunnelCheck | null;
  /** Online and the last self-test reached this app through the public URL. */
  verified: boolean;
  /**
   * Online, but this PC cannot reach its own public URL (office DNS filter, no hairpin NAT, TLS-inspecting
   * proxy): why, and to send a test call from Marketing Edge. The link is kept; null when verified or not online.
   */
  unverifiedReason: string | null;
  /** Why it is not online, in words a person understands; null when all is well. */
  error: string | null;
  errorCode: TunnelProblemCode | null;
  /** When `state` last changed (ISO). */
  since: string;
  /** Failed attempts in a row since it was last online. */
  attempt: number;
  /** When the next attempt is due (ISO), while reconnecting. */
  nextAttemptAt: string | null;
  settings: TunnelSettingsView;
  testCalls: TestCallsResponse;
}

/** A sample Call Start sent through the public URL and followed back in. */
export interface TestCallResult {
  ok: boolean;
  /** The step that failed, in words; null when ok. */
  error: string | null;
  /** HTTP status of the POST through the tunnel. */
  status: number | null;
  deliveryId: number | null;
  callId: number | null;
  /** The call raised an alert on the change feed, as a real Call Start does. */
  alerted: boolean;
  ms: number;
}

/** Test calls are real rows marked as tests; hidden ones are left out of lists and searches. */
export interface TestCallsResponse {
  callIds: number[];
  hidden: boolean;
}

export interface DeleteTestCallsResponse {
  deleted: number;
}

// ---- Catch-up: the calls the webhooks did not bring, asked of the vendor's calls API ----

/**
 * off: no provider chosen. idle: between runs. running: asking the API now. waiting: the API failed for a
 * while (5xx, timeouts, no network); tries again at `nextRunAt`. failed: the credentials are missing or were
 * refused; waits for new settings.
 */
export type CatchUpState = 'off' | 'idle' | 'running' | 'waiting' | 'failed';

export interface CatchUpResult {
  fetched: number;
  added: number;
  updated: number;
}

/** The last gap a run filled (the PC off, asleep or offline): when, and what the API had for it. */
export interface CatchUpOutage {
  from: string;
  to: string;
  fetched: number;
  added: number;
  missed: number;
}

/** GET /api/catch-up. The token and key are never sent back, only whether they are saved. */
export interface CatchUpStatus {
  provider: CatchUpProvider;
  /** The API's base URL in use (the vendor's own unless changed); null when off. */
  baseUrl: string | null;
  state: CatchUpState;
  /** The newest call start time (ISO UTC) a successful run fully covered. */
  coveredUntil: string | null;
  lastRunAt: string | null;
  lastResult: CatchUpResult | null;
  /** What went wrong and what to do, in plain words; null when all is well. */
  error: string | null;
  nextRunAt: string | null;
  credentials: { token: 'saved' | 'not-set'; key: 'saved' | 'not-set' };
  lastOutage: CatchUpOutage | null;
}

/** POST /api/catch-up/check: one small request with the saved credentials. */
export interface CatchUpCheck {
  ok: boolean;
  message: string;
}

/** Pushed once after a run that added calls: the summary alert instead of one pop per call. */
export interface CatchUpEvent {
  added: number;
  missed: number;
  alert: Alert | null;
}
