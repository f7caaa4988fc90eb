// The vendor's calls API over HTTP: one time window at a time, page after page as the answer's `paging`
// says, Retry-After on 429, backoff with jitter on 5xx and timeouts, a clear stop on 401/403. The token and
// key travel only as headers: never in a URL, a log line or an error message.

import { setTimeout as sleep } from 'node:timers/promises';
import { apiUtc, pageCount, requestRetryDelay, retryAfterMs, type TimeRange } from '../../../shared/catchUp/plan';
import type { ApiAnswer } from '../store/apiIngest';

export type { ApiAnswer };

export type VendorProvider = ApiAnswer['provider'];

export interface VendorCredentials {
  token: string;
  /** Marketing Edge v5's subscription key; Telmetrics v3 has none. */
  key: string | null;
}

export interface RetryPolicy {
  /** Tries of one request that fails with 5xx, a timeout or no network, before the run gives up for now. */
  tries: number;
  baseMs: number;
  capMs: number;
  /** Longest Retry-After waited inside a run; a longer one ends the run until then. */
  maxRetryAfterMs: number;
  /** 429s one request takes before the run gives up for now. */
  rateLimitTries: number;
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { tries: 4, baseMs: 1000, capMs: 30_000, maxRetryAfterMs: 120_000, rateLimitTries: 5, timeoutMs: 30_000 };

/** refused: 401/403, new credentials are needed. unavailable: try again later (at `retryAt` when the API said). rejected: any other answer. */
export type VendorProblem = 'refused' | 'unavailable' | 'rejected';

export class VendorApiError extends Error {
  constructor(
    readonly problem: VendorProblem,
    message: string,
    readonly retryAt: number | null = null,
  ) {
    super(message);
  }
}

/** Rows asked per page: one answer is one slice of the store's merge, so the core's thread is never held for long. */
export const DEFAULT_PAGE_SIZE = 200;

export const REFUSED_MESSAGE = 'The API token was refused: create a new one in Marketing Edge → Settings → API Access';

export interface VendorApiClientOptions {
  provider: VendorProvider;
  baseUrl: string;
  credentials: VendorCredentials;
  /** Rows asked per page; the answer's own page size decides how many pages there are. */
  pageSize?: number;
  retry?: Partial<RetryPolicy>;
  random?: () => number;
  now?: () => number;
}

/** What one page said beyond its raw body: how many pages the window has, and its calls' start times (ms). */
interface PageRead {
  pages: number;
  starts: number[];
}

function readPage(body: Buffer): PageRead {
  let answer: { results?: unknown; paging?: { pageNumber?: unknown; pageSize?: unknown; total?: unknown } };
  try {
    answer = JSON.parse(body.toString('utf8')) as typeof answer;
  } catch {
    throw new VendorApiError('rejected', 'The calls API answered with something that is not JSON: check the API address');
  }
  if (!Array.isArray(answer.results)) throw new VendorApiError('rejected', 'The calls API answered without a list of calls: check the API address');
  const starts: number[] = [];
  for (const row of answer.results as { start_time_utc?: unknown }[]) {
    const at = typeof row?.start_time_utc === 'string' ? Date.parse(`${row.start_time_utc.replace(/Z$/, '')}Z`) : NaN;
    if (!Number.isNaN(at)) starts.push(at);
  }
  return { pages: pageCount(answer.paging, answer.results.length), starts };
}

export class VendorApiClient {
  private readonly retry: RetryPolicy;
  private readonly random: () => number;
  private readonly now: () => number;
  /** Requests sent, answered or not (the bench and the tests read it). */
  requests = 0;

  constructor(private readonly options: VendorApiClientOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  /** The calls whose start lies in `window`, page by page; `onAnswer` takes each answer before the next is asked for. */
  async fetchWindow(window: TimeRange, onAnswer: (answer: ApiAnswer, starts: number[]) => Promise<void>, signal: AbortSignal): Promise<void> {
    let pages = 1;
    for (let page = 1; page <= pages; page++) {
      const answer = await this.get(this.callsUrl(window, page), signal);
      const read = readPage(answer.body);
      await onAnswer(answer, read.starts);
      pages = read.pages;
      if (read.starts.length === 0 && page > 1) break;
    }
  }

  /** One small request (the last hour, one row): whether the address and credentials work. */
  async check(signal: AbortSignal): Promise<number> {
    const now = this.now();
    const answer = await this.get(this.callsUrl({ from: now - 3_600_000, to: now }, 1, 1), signal);
    readPage(answer.body);
    return answer.status;
  }

  private callsUrl(window: TimeRange, page: number, pageSize = this.options.pageSize ?? DEFAULT_PAGE_SIZE): string {
    const query = new URLSearchParams({
      startdateutc: apiUtc(window.from),
      enddateutc: apiUtc(window.to),
      pagesize: String(pageSize),
      pagenumber: String(page),
      includeTranscription: 'true',
    });
    return `${this.options.baseUrl}/api/calls?${query.toString()}`;
  }

  private headers(): Record<string, string> {
    const { token, key } = this.options.credentials;
    const headers: Record<string, string> = { accept: 'application/json', 'x-organization-token': token };
    if (this.options.provider === 'marketing-edge' && key) headers['subscription-key'] = key;
    return headers;
  }

  /** One GET with the retry rules; resolves with a 2xx answer or throws a VendorApiError (or the abort). */
  private async get(url: string, signal: AbortSignal): Promise<ApiAnswer> {
    let failures = 0;
    let rateLimits = 0;
    for (;;) {
      signal.throwIfAborted();
      let response: Response;
      this.requests++;
      try {
        response = await fetch(url, { headers: this.headers(), signal: AbortSignal.any([signal, AbortSignal.timeout(this.retry.timeoutMs)]) });
      } catch (error) {
        signal.throwIfAborted();
        const reason = (error as Error).name === 'TimeoutError' ? 'did not answer in time' : 'could not be reached';
        await this.backOff(++failures, `The calls API ${reason}: catch-up tries again soon`, signal);
        continue;
      }
      const status = response.status;
      if (status >= 200 && status < 300) {
        const body = Buffer.from(await response.arrayBuffer());
        return { provider: this.options.provider, url, status, receivedAt: this.now(), body };
      }
      await response.body?.cancel();
      if (status === 401 || status === 403) throw new VendorApiError('refused', REFUSED_MESSAGE);
      if (status === 429) {
        rateLimits++;
        const wait = retryAfterMs(response.headers.get('retry-after'), this.now()) ?? this.delay(rateLimits);
        if (rateLimits > this.retry.rateLimitTries || wait > this.retry.maxRetryAfterMs) {
          throw new VendorApiError('unavailable', 'The calls API asked to wait (too many requests): catch-up tries again later', this.now() + wait);
        }
        await sleep(wait, undefined, { signal });
        continue;
      }
      if (status >= 500 || status === 408) {
        await this.backOff(++failures, `The calls API is not answering (HTTP ${status}): catch-up tries again soon`, signal);
        continue;
      }
      throw new VendorApiError('rejected', `The calls API answered HTTP ${status}: check the API address in Settings`);
    }
  }

  private delay(attempt: number): number {
    return requestRetryDelay(attempt, this.random(), this.retry.baseMs, this.retry.capMs);
  }

  private async backOff(failures: number, message: string, signal: AbortSignal): Promise<void> {
    if (failures >= this.retry.tries) throw new VendorApiError('unavailable', message);
    await sleep(this.delay(failures), undefined, { signal });
  }
}
