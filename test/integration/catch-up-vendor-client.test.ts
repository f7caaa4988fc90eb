// The vendor API client on the wire, against the loopback stand-in: the query it sends, paging by the
// answer, Retry-After, backoff on 5xx, a stop on 401, and the credentials only in headers.

import { afterEach, describe, expect, it } from 'vitest';
import { REFUSED_MESSAGE, VendorApiClient, VendorApiError, type ApiAnswer } from '../../electron/core/catchUp/client';
import { startVendorApiStandIn, type StandInOptions, type VendorApiStandIn } from '../support/vendorApiStandIn';

const TOKEN = 'tok-5a0c7f-SECRET-organization-token';
const KEY = 'key-c1b2e9-SECRET-subscription-key';
const HOUR_MS = 3_600_000;
const FAST_RETRY = { tries: 3, baseMs: 20, capMs: 60, timeoutMs: 3000, maxRetryAfterMs: 5000 };

let apis: VendorApiStandIn[] = [];
afterEach(async () => {
  await Promise.all(apis.map((a) => a.close()));
  apis = [];
});

const now = Date.now();
const day = { from: now - 24 * HOUR_MS, to: now };

async function standIn(options: Partial<StandInOptions> = {}) {
  const api = await startVendorApiStandIn({ token: TOKEN, key: KEY, ...options });
  apis.push(api);
  api.put(
    ...Array.from({ length: 30 }, (_, i) => ({ id: 1_900_000_000 + i, startMs: now - HOUR_MS - i * 60_000, callerNumber: `905555${1000 + i}` })),
  );
  return api;
}

function client(api: VendorApiStandIn, extra: Partial<ConstructorParameters<typeof VendorApiClient>[0]> = {}) {
  return new VendorApiClient({
    provider: 'marketing-edge',
    baseUrl: api.baseUrl,
    credentials: { token: TOKEN, key: KEY },
    pageSize: 100,
    retry: FAST_RETRY,
    ...extra,
  });
}

async function fetchDay(c: VendorApiClient): Promise<{ answers: ApiAnswer[]; ids: number[] }> {
  const answers: ApiAnswer[] = [];
  await c.fetchWindow(day, async (answer) => void answers.push(answer), new AbortController().signal);
  const ids = answers.flatMap((a) => (JSON.parse(a.body.toString()) as { results: { id: number }[] }).results.map((r) => r.id));
  return { answers, ids };
}

const params = (url: string) => new URL(url, 'http://x').searchParams;

describe('the vendor API client', () => {
  it('asks with the documented query and pages as the answer says when it gets fewer rows than asked', async () => {
    const api = await standIn({ maxPageSize: 7 });
    const { answers, ids } = await fetchDay(client(api));
    expect(answers).toHaveLength(5);
    expect(new Set(ids).size).toBe(30);
    const first = params(answers[0]!.url);
    expect([...first.keys()].sort()).toEqual(['enddateutc', 'includeTranscription', 'pagenumber', 'pagesize', 'startdateutc']);
    expect(first.get('startdateutc')).toBe(new Date(day.from).toISOString().slice(0, 19));
    expect(answers.map((a) => params(a.url).get('pagenumber'))).toEqual(['1', '2', '3', '4', '5']);
    expect(answers.every((a) => params(a.url).get('pagesize') === '100' && a.status === 200)).toBe(true);
  });

  it('sends the token and key as headers, never in the URL; Telmetrics gets no key', async () => {
    const me = await standIn();
    await fetchDay(client(me));
    expect(me.requests.every((q) => q.headers['x-organization-token'] === TOKEN && q.headers['subscription-key'] === KEY)).toBe(true);
    const tm = await standIn({ provider: 'telmetrics' });
    await fetchDay(client(tm, { provider: 'telmetrics', credentials: { token: TOKEN, key: null } }));
    expect(tm.requests.every((q) => q.status === 200 && !('subscription-key' in q.headers))).toBe(true);
    for (const q of [...me.requests, ...tm.requests]) expect(q.url).not.toMatch(/SECRET/);
  });

  it('waits Retry-After (seconds) on 429 and carries on', async () => {
    const api = await standIn();
    api.fail({ status: 429, retryAfter: '1' });
    const started = Date.now();
    const { ids } = await fetchDay(client(api));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(ids).toHaveLength(30);
    expect(api.requests.map((q) => q.status)).toEqual([429, 200]);
  });

  it('gives up for now, with when to try, on a Retry-After longer than it waits in a run', async () => {
    const api = await standIn();
    api.fail({ status: 429, retryAfter: '3600' });
    const error = (await fetchDay(client(api)).catch((e: unknown) => e)) as VendorApiError;
    expect(error).toBeInstanceOf(VendorApiError);
    expect(error.problem).toBe('unavailable');
    expect(error.retryAt! - Date.now()).toBeGreaterThan(3_500_000);
  });

  it('backs off on 5xx within bounded tries', async () => {
    const api = await standIn();
    api.fail({ status: 503 }, { status: 502 });
    expect((await fetchDay(client(api))).ids).toHaveLength(30);
    api.fail({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    const before = api.requests.length;
    const error = (await fetchDay(client(api)).catch((e: unknown) => e)) as VendorApiError;
    expect(error.problem).toBe('unavailable');
    expect(api.requests.length - before).toBe(FAST_RETRY.tries);
  });

  it('stops at once on 401 with what to do', async () => {
    const api = await standIn();
    const error = (await fetchDay(client(api, { credentials: { token: 'revoked', key: KEY } })).catch((e: unknown) => e)) as VendorApiError;
    expect(error).toMatchObject({ problem: 'refused', message: REFUSED_MESSAGE });
    expect(api.requests).toHaveLength(1);
  });

  it('treats an API that cannot be reached, or does not answer in time, as unavailable', async () => {
    const api = await standIn();
    const retry = { ...FAST_RETRY, tries: 2, timeoutMs: 300 };
    const refused = (await fetchDay(client(api, { baseUrl: 'http://127.0.0.1:9', retry })).catch((e: unknown) => e)) as VendorApiError;
    expect(refused).toMatchObject({ problem: 'unavailable', message: expect.stringMatching(/could not be reached/) });
    api.fail({ status: 0 }, { status: 0 });
    const started = Date.now();
    const silent = (await fetchDay(client(api, { retry })).catch((e: unknown) => e)) as VendorApiError;
    expect(silent).toMatchObject({ problem: 'unavailable', message: expect.stringMatching(/did not answer in time/) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    expect(api.requests.map((q) => q.status)).toEqual([0, 0]);
  });
});
