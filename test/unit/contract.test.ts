// The contract's one set of rules: a request reads the same whether it came as a URL, a JSON body or an
// IPC argument, and is refused with the same words.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPERATIONS, OPERATION_NAMES, type OperationName } from '../../shared/contract/operations';
import { httpCall, httpRequest, RequestError, validRequest } from '../../shared/contract/requests';
import { CALL_OUTCOME_FILTERS } from '../../shared/contract/schemas';

/** What the app listener reads from the request the browser bridge would send. */
function overHttp(name: OperationName, request: unknown): unknown {
  const call = httpCall(name, request)!;
  const url = new URL(call.url, 'http://127.0.0.1');
  const pattern = OPERATIONS[name].http!.path.split('/');
  const params: Record<string, string> = {};
  url.pathname.split('/').forEach((part, i) => {
    if (pattern[i]?.startsWith(':')) params[pattern[i].slice(1)] = decodeURIComponent(part);
  });
  const body = call.body === undefined ? undefined : JSON.parse(JSON.stringify(call.body));
  return validRequest(name, httpRequest(name, { params, query: Object.fromEntries(url.searchParams), body }));
}

/** What the main process reads from the same request sent over IPC (structured clone). */
function overIpc(name: OperationName, request: unknown): unknown {
  return validRequest(name, structuredClone(request));
}

function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (error instanceof RequestError) return `${error.status} ${error.message}`;
    throw error;
  }
  return 'accepted';
}

const listQuery = fc.record(
  {
    q: fc.string({ maxLength: 40 }),
    status: fc.constantFrom(...CALL_OUTCOME_FILTERS),
    adSource: fc.string({ maxLength: 20 }),
    hasRecording: fc.boolean(),
    hasTranscript: fc.boolean(),
    limit: fc.integer({ min: 1, max: 200 }),
    cursor: fc.string({ maxLength: 20 }),
    from: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  },
  { requiredKeys: [] },
);

describe('one set of rules for both transports', () => {
  it('reads any list query the same over HTTP and IPC', () => {
    fc.assert(
      fc.property(listQuery, (query) => {
        expect(overHttp('listCalls', query)).toEqual(overIpc('listCalls', query));
      }),
    );
  });

  it('trims text, drops empty text, and refuses the same things with the same words', () => {
    expect(overIpc('listCalls', { q: '  john ', adSource: '   ' })).toEqual({ q: 'john' });
    expect(overHttp('listCalls', { q: '  john ', adSource: '   ' })).toEqual({ q: 'john' });
    const bad: [OperationName, unknown, string][] = [
      ['listCalls', { q: 'x'.repeat(600) }, '400 q: must be at most 500 characters'],
      ['listCalls', { sql: 'drop table calls' }, '400 Unrecognized key: "sql"'],
      ['listCalls', { limit: 1000 }, '400 limit: must be a whole number from 1 to 200'],
      ['listCalls', { status: 'maybe' }, '400 status: must be one of answered, missed, voicemail, ringing'],
      ['listCalls', { from: 'last tuesday' }, '400 from: must be an ISO 8601 date or date-time'],
      ['getCall', -1, '400 id: must be a whole number from 1 to 9007199254740991'],
      ['listDeliveries', { limit: 0 }, '400 limit: must be a whole number from 1 to 500'],
      ['setTestCallsHidden', 'yes', '400 hidden: must be true or false'],
      ['exportCsv', { tz: 'Mars/Olympus' }, '400 tz: must be an IANA time zone such as America/Toronto'],
      ['updateTunnelSettings', { provider: 'manual', manualUrl: 'ftp://example.com' }, '400 manualUrl: must be an http(s) address'],
    ];
    for (const [name, request, expected] of bad) {
      expect(
        refusal(() => overIpc(name, request)),
        name,
      ).toBe(expected);
      expect(
        refusal(() => overHttp(name, request)),
        name,
      ).toBe(expected);
    }
  });

  it('refuses a single-value request carrying other keys over HTTP, as IPC refuses extra arguments', () => {
    expect(
      refusal(() => validRequest('confirmTunnelUrl', httpRequest('confirmTunnelUrl', { params: {}, query: {}, body: { url: 'u', x: 1 } }))),
    ).toBe('400 "x": not part of this request');
    expect(
      refusal(() => validRequest('listDeliveries', httpRequest('listDeliveries', { params: {}, query: { limit: '5', page: '2' }, body: undefined }))),
    ).toBe('400 Unrecognized key: "page"');
    expect(refusal(() => validRequest('health', 'extra'))).toBe('400 takes no request');
  });

  it('refuses over HTTP a field the contract keeps off HTTP, which IPC still takes', () => {
    const request = { provider: 'cloudflared', cloudflaredPath: '/bin/sh' };
    expect(refusal(() => httpRequest('updateTunnelSettings', { params: {}, query: {}, body: request }))).toBe(
      '400 cloudflaredPath: not accepted over HTTP; set the cloudflared program with --cloudflared-path or CLOUDFLARED_PATH',
    );
    expect(validRequest('updateTunnelSettings', request)).toEqual(request);
  });

  it('gives every operation but the window’s own a route, and no two the same', () => {
    const routes = OPERATION_NAMES.flatMap((name) =>
      OPERATIONS[name].http ? [`${OPERATIONS[name].http.method} ${OPERATIONS[name].http.path}`] : [],
    );
    expect(new Set(routes).size).toBe(routes.length);
    expect(OPERATION_NAMES.filter((name) => !OPERATIONS[name].http)).toEqual(['openExternal']);
  });
});

describe('what the browser bridge sends', () => {
  it('carries every set filter and nothing else, each value where its operation says', () => {
    expect(httpCall('listCalls', {})!.url).toBe('/api/calls');
    expect(httpCall('listCalls', { q: 'smith 905', status: 'missed', hasRecording: true, cursor: undefined, adSource: '' })!.url).toBe(
      '/api/calls?q=smith+905&status=missed&hasRecording=true',
    );
    expect(httpCall('exportCsv', { from: '2024-03-05T00:00:00.000Z', tz: 'America/Toronto' })!.url).toBe(
      '/api/calls.csv?from=2024-03-05T00%3A00%3A00.000Z&tz=America%2FToronto',
    );
    expect(httpCall('getCall', 42)).toEqual({ method: 'GET', url: '/api/calls/42', body: undefined });
    expect(httpCall('listDeliveries', undefined)!.url).toBe('/api/deliveries');
    expect(httpCall('confirmTunnelUrl', 'https://x/hooks/T')).toEqual({
      method: 'POST',
      url: '/api/tunnel/confirm-url',
      body: { url: 'https://x/hooks/T' },
    });
    expect(httpCall('openExternal', 'https://x')).toBeNull();
  });
});
