// Which operations the reader thread answers, how it answers them, and the messages between it and the
// thread that asks. An operation is here only if its handler reads and nothing else: no write, no push to
// the change feed, no recording woken (getCall asks for a missing recording, so it stays with the store),
// nothing read from the running core's memory (settings, tunnel, catch-up, health's database state).

import { RequestError } from '../../../shared/contract/requests';
import type { CoreOperation } from '../api/handlers';
import type { PriorityOutcome } from './threadPriority';

/**
 * The operations that can be slow and only read: searches and pages over the whole history, and the
 * inspector's deliveries and answers (a body up to 1 MiB to decode). exportCsv reads too, but answers an
 * iterable of chunks, which the store worker streams itself.
 */
export const READ_OPERATIONS: ReadonlySet<CoreOperation> = new Set<CoreOperation>([
  'listCalls',
  'listAdSources',
  'listFollowUps',
  'listDeliveries',
  'getDelivery',
  'listApiAnswers',
  'getApiAnswer',
]);

export type ReadOperation = 'listCalls' | 'listAdSources' | 'listFollowUps' | 'listDeliveries' | 'getDelivery' | 'listApiAnswers' | 'getApiAnswer';

/** What the asking thread sends the reader: an operation, a request for the checkpoints' figures, or close. */
export type ToReader = { kind: 'read'; id: number; name: CoreOperation; request: unknown } | { kind: 'stats'; id: number } | { kind: 'close' };

/** What the reader sends back: it is open (what became of its CPU priority, the young generation its heap got), or the answer to a request by its id. */
export type FromReader = { kind: 'ready'; priority: PriorityOutcome; youngGenerationMb: number } | ({ kind: 'answer' } & ReadAnswer);

/** An error as it crosses the thread: a refusal keeps its status, an SQLite error its code. */
export interface CarriedError {
  message: string;
  status?: RequestError['status'];
  code?: string;
}

export type ReadAnswer = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: CarriedError };

export function carryError(error: unknown): CarriedError {
  if (error instanceof RequestError) return { message: error.message, status: error.status };
  const e = error as { message?: unknown; code?: unknown };
  return { message: String(e?.message ?? error), ...(typeof e?.code === 'string' ? { code: e.code } : {}) };
}

/** The error again on the asking side: a RequestError, so the API answers 400/404/409 as the handler would. */
export function rebuildError(carried: CarriedError): Error {
  if (carried.status !== undefined) return new RequestError(carried.status, carried.message);
  return Object.assign(new Error(carried.message), carried.code === undefined ? {} : { code: carried.code });
}
