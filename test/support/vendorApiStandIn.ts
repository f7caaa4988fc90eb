// A stand-in of the vendor's calls API on loopback, written from /work/shared/docs/vendor-api.md: GET
// <base>/api/calls with startdateutc/enddateutc (required, UTC `YYYY-MM-DDTHH:mm:ss`, taken as exclusive),
// pagesize/pagenumber (from 1), `x-organization-token` (+ `subscription-key` for Marketing Edge v5), and the
// answer `{ results, paging: { pageNumber, pageSize, total } }`. It may return fewer rows than asked (a
// gateway's cap), and faults (429 with Retry-After, 5xx) can be queued ahead of the real answers.

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiCallSpec {
  id: number;
  /** UTC start, ms. */
  startMs: number;
  callerNumber: string;
  trackingNumber?: string;
  answered?: boolean;
  /** The caller left a voicemail (an unanswered call otherwise is missed). */
  voicemail?: boolean;
  seconds?: number;
  callerName?: string;
  recordingUrl?: string | null;
  transcript?: string | null;
  utmSource?: string;
}

/** One result as the v3 docs' sample and a public client's schema show it (times: local and `_utc`, no zone letter). */
export function apiCallRecord(c: ApiCallSpec): Record<string, unknown> {
  const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  const local = (ms: number) => new Date(ms - 5 * 3_600_000).toISOString().slice(0, 19);
  const seconds = c.seconds ?? 65;
  const answered = c.answered ?? true;
  const answerMs = c.startMs + 6000;
  const endMs = c.startMs + (answered ? 6000 + seconds * 1000 : 30_000);
  return {
    id: c.id,
    number_id: 4250816,
    group_id: 4062,
    organization_id: 4062,
    group_owner_id: 4062,
    call_type_id: 1,
    call_type: 'Standard',
    status: 'Completed',
    tracking_number: c.trackingNumber ?? '8669592359',
    caller_number: c.callerNumber,
    termination_number: '9055550000',
    answer_status_id: answered ? 1 : 2,
    answer_status: answered ? 'answered' : 'not answered',
    ring_duration: 6,
    call_duration: answered ? seconds : 0,
    registered_DNC: false,
    caller_details: { name: c.callerName ?? 'WIRELESS CALLER', address: null, city: 'Lansing', state: 'MI', zip_code: '48906', country: 'US' },
    start_time: local(c.startMs),
    answer_time: answered ? local(answerMs) : null,
    end_time: local(endMs),
    start_time_utc: utc(c.startMs),
    answer_time_utc: answered ? utc(answerMs) : null,
    end_time_utc: utc(endMs),
    conversation_analytics: { call_record_file: c.recordingUrl ?? null, voice_link: c.recordingUrl ?? null, pci_redaction: false },
    attribution_details: { rule_description: 'Google Paid', utm_source: c.utmSource ?? 'google', utm_medium: 'cpc' },
    lead_status: null,
    voicemail_status: c.voicemail ? 'yes' : 'no',
    transcription: c.transcript ?? null,
  };
}

export interface Fault {
  /** 0: never answer (the client's timeout ends the request). */
  status: number;
  /** The Retry-After header, as sent (seconds or an HTTP date). */
  retryAfter?: string;
}

export interface SeenRequest {
  url: string;
  headers: http.IncomingHttpHeaders;
  status: number;
}

export interface VendorApiStandIn {
  /** The base URL to configure: the app requests `<base>/api/calls`. */
  baseUrl: string;
  calls: Map<number, Record<string, unknown>>;
  put(...specs: ApiCallSpec[]): void;
  /** Answers the next requests with these faults, in order, before answering for real again. */
  fail(...faults: Fault[]): void;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export interface StandInOptions {
  provider?: 'marketing-edge' | 'telmetrics';
  token: string;
  key?: string;
  /** Rows per page at most, whatever is asked (the gateway's own cap). */
  maxPageSize?: number;
}

const UTC_FORM = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

export async function startVendorApiStandIn(options: StandInOptions): Promise<VendorApiStandIn> {
  const calls = new Map<number, Record<string, unknown>>();
  const faults: Fault[] = [];
  const requests: SeenRequest[] = [];
  const prefix = options.provider === 'telmetrics' ? '/v3' : '/marketingedge/v5';

  const answer = (req: http.IncomingMessage, res: http.ServerResponse): number => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
      return status;
    };
    if (req.method !== 'GET' || url.pathname !== `${prefix}/api/calls`) return json(404, { message: 'Resource not found' });
    const fault = faults.shift();
    if (fault?.status === 0) return 0;
    if (fault) return json(fault.status, { message: 'stand-in fault' }, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
    if (req.headers['x-organization-token'] !== options.token) return json(401, { message: 'Access denied due to invalid organization token.' });
    if (options.provider !== 'telmetrics' && req.headers['subscription-key'] !== options.key) {
      return json(401, { message: 'Access denied due to missing or invalid subscription key.' });
    }
    const start = url.searchParams.get('startdateutc') ?? '';
    const end = url.searchParams.get('enddateutc') ?? '';
    if (!UTC_FORM.test(start) || !UTC_FORM.test(end)) return json(400, { message: 'startdateutc and enddateutc are required' });
    const asked = Number(url.searchParams.get('pagesize') ?? 100);
    const page = Number(url.searchParams.get('pagenumber') ?? 1);
    const pageSize = Math.min(asked, options.maxPageSize ?? 10_000, 10_000);
    const [from, to] = [Date.parse(`${start}Z`), Date.parse(`${end}Z`)];
    const inRange = [...calls.values()]
      .filter((c) => {
        const at = Date.parse(`${c.start_time_utc as string}Z`);
        return at > from && at < to;
      })
      .sort((a, b) => (a.id as number) - (b.id as number));
    const results = inRange.slice((page - 1) * pageSize, page * pageSize);
    return json(200, { results, paging: { pageNumber: page, pageSize, total: inRange.length } });
  };

  const server = http.createServer((req, res) => {
    const status = answer(req, res);
    requests.push({ url: req.url ?? '', headers: req.headers, status });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${prefix}`,
    calls,
    put: (...specs) => specs.forEach((spec) => calls.set(spec.id, apiCallRecord(spec))),
    fail: (...more) => faults.push(...more),
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
