// The core's API, declared once: each operation's name, its HTTP method and path, where its request travels,
// its request schema and its response type. The app listener's routes, the IPC channels and handlers, and
// both bridges (HTTP in the browser, IPC in Electron) are all derived from this table.

import { z } from 'zod';
import type {
  AdSourcesResponse,
  CallDetailResponse,
  CatchUpCheck,
  CatchUpEvent,
  CatchUpStatus,
  CallStreamEvent,
  ClearRefusedBodiesResponse,
  ContactView,
  DeleteContactResponse,
  FollowUpsEvent,
  FollowUpsResponse,
  DeleteTestCallsResponse,
  HealthResponse,
  ListCallsResponse,
  LinesResponse,
  LineView,
  ListDeliveriesResponse,
  ApiAnswerView,
  DeliveryView,
  ListApiAnswersResponse,
  ReprocessApiAnswerResponse,
  ReprocessDeliveryResponse,
  SettingsResponse,
  TestCallResult,
  TestCallsResponse,
  TunnelCheck,
  TunnelStatus,
} from '../api';
import {
  callId,
  confirmedUrl,
  deliveryId,
  listApiAnswersQuery,
  listDeliveriesQuery,
  exportCsvQuery,
  externalUrl,
  addCallNoteRequest,
  listCallsQuery,
  listFollowUpsQuery,
  phoneNumber,
  runCatchUpRequest,
  saveCatchUpSettingsRequest,
  saveContactRequest,
  saveLineRequest,
  setFollowUpRequest,
  testCallsHidden,
  updateSettingsRequest,
  updateTunnelSettingsRequest,
} from './schemas';

/**
 * Where the request travels over HTTP: nowhere (no request), as the query string or the JSON body (an
 * object request), or as one named path parameter, query parameter or body field (a single value), or as
 * an object request whose one named field is a path parameter and the rest the JSON body (`pathAndBody`).
 */
export type Carrier = 'none' | 'query' | 'body' | { path: string } | { query: string } | { body: string } | { pathAndBody: string };

/** A response type, carried at the type level only. */
export interface Json<T> {
  readonly kind: 'json';
  readonly type?: T;
}
/** The CSV file of the filtered calls: streamed over HTTP, written to a chosen file by the desktop app. */
export interface CsvFile {
  readonly kind: 'csv';
}

export interface Operation {
  /** null: carried out by the window itself in a browser (no route); the desktop app's shell over IPC. */
  readonly http: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; carrier: Carrier } | null;
  readonly request: z.ZodType;
  readonly response: Json<unknown> | CsvFile;
  /** A null result is "not found": 404 with this reason over HTTP, null through the bridges. */
  readonly notFound?: (request: never) => string;
  /** The HTTP status of a result that is an answer but not a success (200 otherwise). */
  readonly httpStatus?: (result: never) => number;
  /** The response fields a caller without the app's key gets over HTTP; an operation without them needs the key. */
  readonly httpAnonymous?: readonly string[];
  /** Request fields refused over HTTP, each with what to do instead: another program on the PC must not choose them. */
  readonly httpRefuses?: Readonly<Record<string, string>>;
}

const json = <T>(): Json<T> => ({ kind: 'json' });
const none = z.undefined({ error: 'takes no request' });

export const OPERATIONS = {
  /** Monitors and start-up waits read it without the key: whether the app is well, never what it holds. */
  health: {
    http: { method: 'GET', path: '/api/health', carrier: 'none' },
    request: none,
    response: json<HealthResponse>(),
    // Monitors and the window read a health that is not ok as a failure, with the reason in the body.
    httpStatus: (health: HealthResponse) => (health.ok ? 200 : 503),
    httpAnonymous: ['ok', 'version', 'problem', 'error'],
  },
  listCalls: {
    http: { method: 'GET', path: '/api/calls', carrier: 'query' },
    request: listCallsQuery,
    response: json<ListCallsResponse>(),
  },
  getCall: {
    http: { method: 'GET', path: '/api/calls/:id', carrier: { path: 'id' } },
    request: callId,
    response: json<CallDetailResponse | null>(),
    notFound: (id: number) => `No call with id ${id}`,
  },
  listAdSources: { http: { method: 'GET', path: '/api/ad-sources', carrier: 'none' }, request: none, response: json<AdSourcesResponse>() },
  /** The deliveries inspector: newest first, filtered by kind, found by caller, number or id, paged by `before`. */
  listDeliveries: {
    http: { method: 'GET', path: '/api/deliveries', carrier: 'query' },
    request: listDeliveriesQuery,
    response: json<ListDeliveriesResponse>(),
  },
  getDelivery: {
    http: { method: 'GET', path: '/api/deliveries/:id', carrier: { path: 'id' } },
    request: deliveryId,
    response: json<DeliveryView | null>(),
    notFound: (id: number) => `No delivery with id ${id}`,
  },
  /** Runs a stored delivery through today's normaliser and fold: for one that failed before a fix; nothing changes for one already applied. */
  reprocessDelivery: {
    http: { method: 'POST', path: '/api/deliveries/:id/reprocess', carrier: { path: 'id' } },
    request: deliveryId,
    response: json<ReprocessDeliveryResponse | null>(),
    notFound: (id: number) => `No delivery with id ${id}`,
  },
  /** Drops every body kept of refused and rejected deliveries; their records stay. */
  clearRefusedBodies: {
    http: { method: 'DELETE', path: '/api/deliveries/refused-bodies', carrier: 'none' },
    request: none,
    response: json<ClearRefusedBodiesResponse>(),
  },
  getSettings: { http: { method: 'GET', path: '/api/settings', carrier: 'none' }, request: none, response: json<SettingsResponse>() },
  updateSettings: {
    http: { method: 'PUT', path: '/api/settings', carrier: 'body' },
    request: updateSettingsRequest,
    response: json<SettingsResponse>(),
  },
  /** Makes a new webhook token: the old webhook URL stops working at once. */
  regenerateToken: {
    http: { method: 'POST', path: '/api/settings/regenerate-token', carrier: 'none' },
    request: none,
    response: json<SettingsResponse>(),
  },
  /** Every call matching the filters (no cursor, no limit) as CSV. */
  exportCsv: {
    http: { method: 'GET', path: '/api/calls.csv', carrier: 'query' },
    request: exportCsvQuery,
    response: { kind: 'csv' },
  },
  /** Opens an http(s) link (a recording) in the person's browser. */
  openExternal: { http: null, request: externalUrl, response: json<void>() },
  getTunnel: { http: { method: 'GET', path: '/api/tunnel', carrier: 'none' }, request: none, response: json<TunnelStatus>() },
  /** Saves the provider and its options (tokens: a string sets, null removes, absent keeps); the tunnel restarts. */
  updateTunnelSettings: {
    http: { method: 'PUT', path: '/api/tunnel/settings', carrier: 'body' },
    request: updateTunnelSettingsRequest,
    response: json<TunnelStatus>(),
    // The app runs this program: over HTTP any local process could choose what it runs.
    httpRefuses: { cloudflaredPath: 'set the cloudflared program with --cloudflared-path or CLOUDFLARED_PATH' },
  },
  /** Runs the self-test through the public URL now. */
  checkTunnel: { http: { method: 'POST', path: '/api/tunnel/check', carrier: 'none' }, request: none, response: json<TunnelCheck>() },
  /** Reconnects now, also out of `failed`. */
  restartTunnel: { http: { method: 'POST', path: '/api/tunnel/restart', carrier: 'none' }, request: none, response: json<TunnelStatus>() },
  /** Records that the URL is entered in Marketing Edge; refused (409) when it is no longer the current one. */
  confirmTunnelUrl: {
    http: { method: 'POST', path: '/api/tunnel/confirm-url', carrier: { body: 'url' } },
    request: confirmedUrl,
    response: json<TunnelStatus>(),
  },
  /** Posts a sample Call Start through the public URL and follows it back in. */
  sendTestCall: { http: { method: 'POST', path: '/api/tunnel/test-call', carrier: 'none' }, request: none, response: json<TestCallResult>() },
  getTestCalls: {
    http: { method: 'GET', path: '/api/tunnel/test-calls', carrier: 'none' },
    request: none,
    response: json<TestCallsResponse>(),
  },
  setTestCallsHidden: {
    http: { method: 'PUT', path: '/api/tunnel/test-calls', carrier: { body: 'hidden' } },
    request: testCallsHidden,
    response: json<TestCallsResponse>(),
  },
  deleteTestCalls: {
    http: { method: 'DELETE', path: '/api/tunnel/test-calls', carrier: 'none' },
    request: none,
    response: json<DeleteTestCallsResponse>(),
  },
  /** The name staff saved for a caller's number. */
  getContact: {
    http: { method: 'GET', path: '/api/contacts/:number', carrier: { path: 'number' } },
    request: phoneNumber,
    response: json<ContactView | null>(),
    notFound: (number: string) => `No name is saved for ${number}`,
  },
  /** Saves (or replaces) the name and note for a caller's number: every call from it shows that name. */
  saveContact: {
    http: { method: 'PUT', path: '/api/contacts/:number', carrier: { pathAndBody: 'number' } },
    request: saveContactRequest,
    response: json<ContactView>(),
  },
  /** Forgets the name saved for a number: its calls show the vendor's name again. */
  deleteContact: {
    http: { method: 'DELETE', path: '/api/contacts/:number', carrier: { path: 'number' } },
    request: phoneNumber,
    response: json<DeleteContactResponse>(),
  },
  /** Every tracking number the calls came in on, with its label. */
  listLines: { http: { method: 'GET', path: '/api/lines', carrier: 'none' }, request: none, response: json<LinesResponse>() },
  /** Labels a tracking number ("Downtown clinic"); null goes back to the ad's name. */
  saveLine: {
    http: { method: 'PUT', path: '/api/lines/:number', carrier: { pathAndBody: 'number' } },
    request: saveLineRequest,
    response: json<LineView>(),
  },
  /** The people to call back (open), or the entries dealt with (done), newest first. */
  listFollowUps: {
    http: { method: 'GET', path: '/api/follow-ups', carrier: 'query' },
    request: listFollowUpsQuery,
    response: json<FollowUpsResponse>(),
  },
  /** Marks the call-back entry of this call's caller done (with an optional note) or open again. */
  setFollowUp: {
    http: { method: 'POST', path: '/api/calls/:id/follow-up', carrier: { pathAndBody: 'id' } },
    request: setFollowUpRequest,
    response: json<CallDetailResponse | null>(),
    notFound: (request: { id: number }) => `No call with id ${request.id}`,
  },
  /** Adds a note to a call. */
  addCallNote: {
    http: { method: 'POST', path: '/api/calls/:id/notes', carrier: { pathAndBody: 'id' } },
    request: addCallNoteRequest,
    response: json<CallDetailResponse | null>(),
    notFound: (request: { id: number }) => `No call with id ${request.id}`,
  },
  /** Records that someone opened the call (its "new" mark goes); the first opening is kept. */
  markCallOpened: {
    http: { method: 'POST', path: '/api/calls/:id/opened', carrier: { path: 'id' } },
    request: callId,
    response: json<CallDetailResponse | null>(),
    notFound: (id: number) => `No call with id ${id}`,
  },
  catchUpStatus: { http: { method: 'GET', path: '/api/catch-up', carrier: 'none' }, request: none, response: json<CatchUpStatus>() },
  /** Starts a run now (202): the normal one from the cursor, or an import of the last `days` days. */
  runCatchUp: {
    http: { method: 'POST', path: '/api/catch-up/run', carrier: 'body' },
    request: runCatchUpRequest,
    response: json<CatchUpStatus>(),
    httpStatus: () => 202,
  },
  /** Saves the provider, base URL and credentials (a string sets, null clears, absent keeps); never returns them. */
  saveCatchUpSettings: {
    http: { method: 'PUT', path: '/api/catch-up/settings', carrier: 'body' },
    request: saveCatchUpSettingsRequest,
    response: json<CatchUpStatus>(),
  },
  /** The answers of the vendor's calls API kept by catch-up, newest first. */
  listApiAnswers: {
    http: { method: 'GET', path: '/api/catch-up/answers', carrier: 'query' },
    request: listApiAnswersQuery,
    response: json<ListApiAnswersResponse>(),
  },
  getApiAnswer: {
    http: { method: 'GET', path: '/api/catch-up/answers/:id', carrier: { path: 'id' } },
    request: deliveryId,
    response: json<ApiAnswerView | null>(),
    notFound: (id: number) => `No catch-up answer with id ${id}`,
  },
  /** Runs a kept answer through today's normaliser and fold, as Re-process does for a delivery. */
  reprocessApiAnswer: {
    http: { method: 'POST', path: '/api/catch-up/answers/:id/reprocess', carrier: { path: 'id' } },
    request: deliveryId,
    response: json<ReprocessApiAnswerResponse | null>(),
    notFound: (id: number) => `No catch-up answer with id ${id}`,
  },
  /** One small real request with the saved credentials (the Settings view's Check button). */
  checkCatchUp: { http: { method: 'POST', path: '/api/catch-up/check', carrier: 'none' }, request: none, response: json<CatchUpCheck>() },
} as const satisfies Record<string, Operation>;

export type Operations = typeof OPERATIONS;
export type OperationName = keyof Operations;
export const OPERATION_NAMES = Object.keys(OPERATIONS) as OperationName[];

/** What a caller sends (before trimming and defaults). */
export type RequestOf<K extends OperationName> = z.input<Operations[K]['request']>;
/** What the handler receives, once validated. */
export type ValidRequestOf<K extends OperationName> = z.output<Operations[K]['request']>;
/** What the caller gets back. */
export type ResponseOf<K extends OperationName> = Operations[K]['response'] extends Json<infer T> ? T : void;

/** The bridge's method for an operation: no argument when there is no request, optional when it may be absent. */
export type OperationMethod<K extends OperationName> = [RequestOf<K>] extends [undefined]
  ? () => Promise<ResponseOf<K>>
  : undefined extends RequestOf<K>
    ? (request?: RequestOf<K>) => Promise<ResponseOf<K>>
    : (request: RequestOf<K>) => Promise<ResponseOf<K>>;

export type OperationMethods = { [K in OperationName]: OperationMethod<K> };

/** Pushes from the core to every window: server-sent events in the browser, IPC messages in Electron. */
export interface PushEvents {
  /** A call as it now stands, and the screen-pop alert when a Call Start arrived. */
  call: CallStreamEvent;
  /** Every tunnel status change (state, URL, self-test, test calls). */
  tunnel: TunnelStatus;
  /** After a catch-up run that added calls: one summary alert (its calls come as `call` events without alerts). */
  'catch-up': CatchUpEvent;
  /** Every change of the call-back entries, with how many are open. */
  'follow-ups': FollowUpsEvent;
  /** A request from outside the window to show a call (a clicked desktop notification); Electron only. */
  openCall: number;
}
