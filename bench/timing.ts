// Timing HTTP requests: one GET at a time over a kept-alive connection, and a workload timed against the app
// and its baseline side by side.

import http from 'node:http';
import type { SearchQuery } from './searchWorkload';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** Milliseconds from sending a GET (with the app's key, if given) to having its whole body; throws on anything but 200. */
export function timeGet(url: string, key: string | null = null): Promise<{ ms: number; body: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get(url, { agent, headers: key ? { authorization: `Bearer ${key}` } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - started;
          const body = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) reject(new Error(`GET ${url} → ${res.statusCode} ${body.slice(0, 200)}`));
          else resolve({ ms, body });
        });
      })
      .on('error', reject);
  });
}

/** Calls (or call-back entries) an answer holds. */
function foundIn(body: string): number {
  const answer = JSON.parse(body) as { calls?: unknown[]; followUps?: unknown[] };
  return (answer.calls ?? answer.followUps ?? []).length;
}

export interface TimedQueries {
  app: number[];
  baseline: number[];
  /** Calls found by the app, summed over the queries of one round (shows the searches find something). */
  found: number;
}

/**
 * Times each query against the app and the baseline, interleaved so both see the same machine. Each side
 * does at least one round and stops early once it has spent `budgetMs` (a full-table LIKE scan at a million
 * calls takes seconds), so every loop is bounded.
 */
export async function timeQueries(
  /** The App URL as printed, with its key. */
  appUrl: string,
  baselineUrl: string | null,
  queries: readonly SearchQuery[],
  rounds: number,
  budgetMs: number,
): Promise<TimedQueries> {
  const app: number[] = [];
  const baseline: number[] = [];
  let found = 0;
  let appSpent = 0;
  let baselineSpent = 0;
  const key = new URL(appUrl).searchParams.get('key');
  for (let round = 0; round < rounds; round++) {
    for (const q of queries) {
      if (round === 0 || appSpent < budgetMs) {
        const a = await timeGet(new URL(q.api, appUrl).href, key);
        app.push(a.ms);
        appSpent += a.ms;
        if (round === 0) found += foundIn(a.body);
      }
      if (baselineUrl && q.baseline !== null && (round === 0 || baselineSpent < budgetMs)) {
        const b = await timeGet(new URL(q.baseline, baselineUrl).href);
        baseline.push(b.ms);
        baselineSpent += b.ms;
      }
    }
  }
  return { app, baseline, found };
}
