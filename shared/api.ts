// The contract between the core and every window (HTTP + server-sent events in the browser, IPC in Electron).

import type { Alert, Call, CallEvent } from './domain';

export type CallOutcomeFilter = 'answered' | 'missed' | 'voicemail' | 'ringing';

export interface ListCallsQuery {
  /** Free text: names, cities, ad sources, transcript words, and any fragment of a phone number. */
  q?: string;
  /** ISO 8601 bounds on the call's start, inclusive from, exclusive to. */
  from?: string;
  to?: string;
  status?: CallOutcomeFilter;
  adSource?: string;
  hasRecording?: boolean;
  hasTranscript?: boolean;
  limit?: number;
  cursor?: string;
}

export interface ListCallsResponse {
  calls: Call[];
  nextCursor: string | null;
}

export interface StoredEventView {
  id: number;
  deliveryId: number;
  receivedAt: string;
  kind: CallEvent['kind'];
  action: string;
  event: CallEvent;
  /** The notification exactly as the vendor sent it (JSON text). */
  raw: string;
}

export interface CallDetailResponse {
  call: Call;
  events: StoredEventView[];
}

export type DeliveryOutcome = 'accepted' | 'duplicate' | 'rejected' | 'failed';
export type SignatureVerdict = 'not-checked' | 'valid' | 'invalid' | 'missing';

export interface DeliveryView {
  id: number;
  receivedAt: string;
  envelopeId: string | null;
  attempt: number | null;
  outcome: DeliveryOutcome;
  reason: string | null;
  signature: SignatureVerdict;
  status: number;
  notificationCount: number;
  actions: string[];
  headers: Record<string, string>;
  /** The body as received, decoded as UTF-8 (shown as text, never as HTML). */
  body: string;
}

export interface ListDeliveriesResponse {
  deliveries: DeliveryView[];
}

export interface HealthResponse {
  ok: true;
  version: string;
  calls: number;
}

/** Server-sent `call` event: the call as it now stands, and the screen-pop alert when a Call Start arrived. */
export interface CallStreamEvent {
  call: Call;
  alert: Alert | null;
}

export interface ApiError {
  error: string;
}
