// Results of the vendor's calls API (vendor-api.md, "Answer") for tests, built from the same call specs as
// the webhook payloads (./payloads.ts), so one call can reach a test both ways.

import type { CallSpec } from './payloads';

/** A local wall time of ./payloads.ts's specs (Eastern, in winter: UTC−5) as the API's `_utc` text. */
function utcOf(localIso: string, plusSeconds = 0): string {
  return new Date(Date.parse(`${localIso}Z`) + (5 * 3600 + plusSeconds) * 1000).toISOString().slice(0, 19);
}

/** One result in the documented nested shape. `overrides` replace top-level fields (undefined drops one). */
export function apiResult(c: CallSpec, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const seconds = c.seconds ?? 7;
  const answered = c.answered !== false;
  const result: Record<string, unknown> = {
    id: Number(c.telmetricsId),
    number_id: 5550001,
    group_id: 4062,
    organization_id: 4062,
    call_type_id: 1,
    call_type: 'Standard',
    status: 'complete',
    tracking_number: c.calledNumber ?? '8669592359',
    caller_number: c.callerNumber,
    termination_number: '9052198236',
    answer_status_id: answered ? 1 : 2,
    answer_status: answered ? 'answered' : 'no answer',
    ring_duration: 4,
    call_duration: seconds,
    registered_DNC: false,
    caller_details: {
      name: c.callerName ?? 'WIRELESS CALLER',
      address: null,
      city: c.city ?? null,
      state: c.state ?? null,
      zip_code: null,
      country: 'US',
      latitude: null,
      longitude: null,
      caller_type: 'Wireless',
    },
    start_time: c.localStart,
    start_time_utc: utcOf(c.localStart),
    answer_time_utc: answered ? utcOf(c.localStart, 2) : null,
    end_time_utc: utcOf(c.localStart, seconds + 2),
    conversation_analytics: { call_record_file: c.recordingUrl ?? null, voice_link: null, pci_redaction: false },
    attribution_details: {
      rule_description: 'Global Replacement   - Toll Free',
      session_id: null,
      utm_source: c.utmSource ?? null,
      utm_medium: c.utmSource ? 'cpc' : null,
      referrer_url: null,
      multisession_flag: false,
    },
    lead_status: 'Not a lead',
    voicemail_status: 'No',
    transcription: c.transcript ?? null,
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete result[key];
    else result[key] = value;
  }
  return result;
}

/** The same result flattened with `_`, as one public client stores it. */
export function flattened(result: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, v] of Object.entries(value)) out[`${key}_${inner}`] = v;
    } else out[key] = value;
  }
  return out;
}

/** An answer body as the API sends it: a page of results and its paging. */
export function apiAnswerBody(results: unknown[], paging: { pageNumber?: number; pageSize?: number; total?: number } = {}): Buffer {
  const page = { pageNumber: paging.pageNumber ?? 1, pageSize: paging.pageSize ?? 100, total: paging.total ?? results.length };
  return Buffer.from(JSON.stringify({ results, paging: page }));
}
