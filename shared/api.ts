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

// ---- Settings, ad sources and CSV export (the window's settings view, filters and export) ----

export type SignatureModeSetting = 'off' | 'report' | 'enforce';

/** Which calls raise an alert, and the hours when alerts stay silent ("HH:MM" on the PC's clock). */
export interface AlertPreferences {
  onStart: boolean;
  onMissed: boolean;
  onVoicemail: boolean;
  quietHours: { enabled: boolean; start: string; end: string };
}

/** GET /api/settings. The signature secret itself is never sent back, only whether one is set. */
export interface SettingsResponse {
  /** The local webhook URL (what a tunnel forwards to). */
  webhookUrl: string;
  webhookToken: string;
  signature: { mode: SignatureModeSetting; secretSet: boolean };
  alerts: AlertPreferences;
  dataDir: string;
  version: string;
}

/** PUT /api/settings: only the parts present change. `secret` absent keeps the secret, null clears it. */
export interface UpdateSettingsRequest {
  signature?: { mode: SignatureModeSetting; secret?: string | null };
  alerts?: AlertPreferences;
}

/** GET /api/ad-sources: every ad source label seen on a call, for the filter. */
export interface AdSourcesResponse {
  adSources: string[];
}
