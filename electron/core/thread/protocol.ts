// The messages between the front (main thread) and the store worker. Requests carry an id and get one answer
// `{ id, ok, value | error }`; an error keeps its RequestError status so the API answers 400/404/409 as the
// in-thread core does. The worker also pushes feed events and every value the front mirrors.

import type {
  AlertPreferences,
  CallStreamEvent,
  CatchUpEvent,
  CatchUpStatus,
  FollowUpsEvent,
  SecretProblem,
  TunnelStatus,
} from '../../../shared/api';
import { RequestError } from '../../../shared/contract/requests';
import type { CoreOperation } from '../api/handlers';
import type { CatchUpTrigger } from '../catchUp/runner';
import type { ReceivedWebhook } from '../ingest/received';
import type { SignatureMode } from '../ingest/signature';
import type { DatabaseProblem } from '../store/databaseHealth';

/** Everything the front keeps of the worker's state, so its getters answer without a round trip. */
export interface Mirror {
  /** The webhook URL's token: the front checks the URL against it. */
  token: string;
  signatureMode: SignatureMode;
  alertPreferences: AlertPreferences;
  openFollowUps: number;
  followUpsBuilding: boolean;
  secretProblems: SecretProblem[];
  database: DatabaseProblem | null;
  tunnel: TunnelStatus;
  catchUp: CatchUpStatus;
}

/** What the front asks of the store beyond the contract's operations. */
export type Control =
  | { kind: 'tunnel.resume' }
  | { kind: 'catchUp.run'; trigger: CatchUpTrigger; days?: number }
  | { kind: 'shellSetting'; key: string }
  | { kind: 'setShellSetting'; key: string; value: string }
  | { kind: 'recording.file'; callId: number }
  | { kind: 'recording.ask'; callId: number }
  | { kind: 'recording.whyNot'; callId: number }
  /** Whether the front has call listeners: the worker sends changed calls only then. */
  | { kind: 'feed.calls'; wanted: boolean }
  /** The next chunk of a CSV the worker is writing (null when it is done), or its end when the reader left. */
  | { kind: 'csv.next'; stream: number }
  | { kind: 'csv.cancel'; stream: number }
  /** The reader thread, which checkpoints the WAL, is down (true) or back (false): the store checkpoints meanwhile. */
  | { kind: 'checkpoints'; own: boolean }
  /** First step of closing (catch-up, recordings, the tunnel), before the front closes its listeners. */
  | { kind: 'stopServices' }
  | { kind: 'close' };

export type ToWorker =
  | { type: 'operation'; id: number; name: CoreOperation; request: unknown }
  | { type: 'deliver'; id: number; received: ReceivedWebhook }
  | { type: 'control'; id: number; control: Control };

/** A CSV operation's answer: the stream the front pulls its chunks from. */
export interface CsvStream {
  csvStream: number;
}

export type FeedPush =
  { feed: 'call'; event: CallStreamEvent } | { feed: 'catchUp'; event: CatchUpEvent } | { feed: 'followUps'; event: FollowUpsEvent };

/** One of the worker's messages; they cross in arrays, sent once per microtask checkpoint (outbox.ts). */
export type FromWorker =
  | { type: 'ready'; mirror: Mirror }
  /** It could not open the store (a damaged database, a bad option): it ends after saying why. */
  | { type: 'failed'; error: WireError }
  | { type: 'answer'; id: number; ok: true; value: unknown }
  | { type: 'answer'; id: number; ok: false; error: WireError }
  | ({ type: 'feed' } & FeedPush)
  | { type: 'mirror'; changed: Partial<Mirror> };

/** An error as it crosses: its words, the status a RequestError carries, and a system or SQLite code. */
export interface WireError {
  message: string;
  status?: number;
  name?: string;
  /** `ENOSPC`, `SQLITE_CANTOPEN`…: the error's own, or that of the error it wraps (a start-up failure's words). */
  code?: string;
}

/** The error's system or SQLite code, or that of the error it wraps. */
export function codeOf(error: Error): string | undefined {
  const own = (error as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const wrapped = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof wrapped === 'string' ? wrapped : undefined;
}

export function toWire(error: unknown): WireError {
  if (error instanceof RequestError) return { message: error.message, status: error.status, name: 'RequestError' };
  if (error instanceof Error) {
    const status = (error as { status?: unknown }).status;
    const code = codeOf(error);
    return { message: error.message, name: error.name, ...(typeof status === 'number' ? { status } : {}), ...(code ? { code } : {}) };
  }
  return { message: String(error) };
}

export function fromWire(wire: WireError): Error {
  if (wire.name === 'RequestError' && wire.status !== undefined) return new RequestError(wire.status as RequestError['status'], wire.message);
  const error = new Error(wire.message);
  if (wire.name) error.name = wire.name;
  if (wire.status !== undefined) Object.assign(error, { status: wire.status });
  if (wire.code !== undefined) Object.assign(error, { code: wire.code });
  return error;
}

/**
 * The body's own buffer when it can be moved to the other thread, else a copy: a small Buffer is a view into
 * Node's shared allocation pool, and moving that would take it from every other Buffer using it.
 */
export function transferableBody(body: Uint8Array): Uint8Array<ArrayBuffer> {
  const whole = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
  return whole ? (body as Uint8Array<ArrayBuffer>) : new Uint8Array(body);
}
