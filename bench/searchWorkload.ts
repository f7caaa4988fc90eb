// The search and paging workload: searches a person would type and pages they would open, drawn (seeded) from
// what a generated history really holds, each as the app's API takes it and as the baseline server does.

import path from 'node:path';
import Database from 'better-sqlite3';
import { encodeCursor } from '../electron/core/store/callSearch';
import { DATABASE_FILE } from '../electron/core/store/db';
import { MATTERS, TOPICS } from './corpus';
import { Random } from './random';

export const QUERY_KINDS = ['name prefix', 'number fragment', 'transcript word', 'filtered date range'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

/** The classes the issue names as the slowest: they decide `search.worst.p95` and drive the thread figures' search loop. */
export const HARD_KINDS = ['common word + filter', 'short prefix', 'call-back list'] as const;
export type HardKind = (typeof HARD_KINDS)[number];

/** One request as the app's API takes it, and the same request as the baseline server takes it (null: none has it). */
export interface SearchQuery {
  kind: QueryKind | HardKind | 'first page' | 'deep page';
  api: string;
  baseline: string | null;
}

/** Words nearly every transcript holds (the agent's greeting, the caller's thanks): the FTS's longest lists. */
const COMMON_WORDS = ['thanks', 'call', 'calling', 'help', 'number'];

const DAY_MS = 86_400_000;

/** Searches a person would type, drawn (seeded) from what the generated calls really contain. */
export function pickQueries(dataDir: string, perKind: number, seed: number): SearchQuery[] {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const r = new Random(seed);
    const { maxId, minMs, maxMs } = db
      .prepare<[], { maxId: number; minMs: number; maxMs: number }>(
        `SELECT max(id) AS maxId, min(started_ms) AS minMs, max(started_ms) AS maxMs FROM calls`,
      )
      .get()!;
    const callAt = db.prepare<[number], { data: string }>(`SELECT data FROM calls WHERE id >= ? ORDER BY id LIMIT 1`);
    const randomCall = () =>
      JSON.parse(callAt.get(r.int(1, maxId))!.data) as {
        callerName: string | null;
        callerNumber: string | null;
        callerCity: string | null;
      };
    const queries: SearchQuery[] = [];
    const add = (kind: QueryKind, params: Record<string, string>, like: string) => {
      const rest = Object.entries(params).filter(([k]) => k !== 'q');
      const api = new URLSearchParams([...Object.entries(params), ['limit', '50']]);
      const baseline = new URLSearchParams([['like', like], ...rest, ['limit', '50']]);
      queries.push({ kind, api: `/api/calls?${api}`, baseline: `/api/calls?${baseline}` });
    };
    for (let i = 0; i < perKind;) {
      const name = randomCall().callerName;
      if (!name) continue;
      const last = name.split(' ').pop()!;
      const prefix = last.length <= 4 ? last : last.slice(0, 4);
      add('name prefix', { q: prefix }, prefix);
      i++;
    }
    for (let i = 0; i < perKind;) {
      const number = randomCall().callerNumber;
      if (!number || number.length !== 10) continue;
      // What people type: the last four digits, or "area-exchange".
      const typed = i % 2 === 0 ? number.slice(6) : `${number.slice(0, 3)}-${number.slice(3, 6)}`;
      add('number fragment', { q: typed }, typed.replace(/\D/g, ''));
      i++;
    }
    const words = [...TOPICS, ...MATTERS].filter((w) => /^[a-z]+$/.test(w));
    for (let i = 0; i < perKind; i++) {
      const word = r.pick(words);
      add('transcript word', { q: word }, word);
    }
    for (let i = 0; i < perKind;) {
      const city = randomCall().callerCity;
      if (!city) continue;
      const from = minMs + Math.floor(r.float() * Math.max(1, maxMs - minMs - 30 * DAY_MS));
      const window = {
        q: city,
        from: new Date(from).toISOString(),
        to: new Date(from + 30 * DAY_MS).toISOString(),
        status: r.pick(['answered', 'missed', 'voicemail']),
      };
      add('filtered date range', window, city);
      i++;
    }
    return queries;
  } finally {
    db.close();
  }
}

/**
 * The slow classes: a common word with a selective filter (`thanks` + missed, the worst), one- to
 * four-letter name prefixes, and the call-back list (its API takes no word yet, so the list itself).
 */
export function pickHardQueries(dataDir: string, perKind: number, seed: number): SearchQuery[] {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const r = new Random(seed + 1);
    const maxId = db.prepare<[], { maxId: number }>(`SELECT max(id) AS maxId FROM calls`).get()!.maxId;
    const callAt = db.prepare<[number], { data: string }>(`SELECT data FROM calls WHERE id >= ? ORDER BY id LIMIT 1`);
    const queries: SearchQuery[] = [];
    for (let i = 0; i < perKind; i++) {
      const word = COMMON_WORDS[i % COMMON_WORDS.length]!;
      const status = i % 2 === 0 ? 'missed' : 'voicemail';
      queries.push({
        kind: 'common word + filter',
        api: `/api/calls?${new URLSearchParams({ q: word, status, limit: '50' })}`,
        baseline: `/api/calls?${new URLSearchParams({ like: word, status, limit: '50' })}`,
      });
    }
    for (let i = 0; i < perKind;) {
      const name = (JSON.parse(callAt.get(r.int(1, maxId))!.data) as { callerName: string | null }).callerName;
      const last = name?.split(' ').pop();
      if (!last || last.length < 4) continue;
      const prefix = last.slice(0, 1 + (i % 4));
      queries.push({
        kind: 'short prefix',
        api: `/api/calls?${new URLSearchParams({ q: prefix, limit: '50' })}`,
        baseline: `/api/calls?${new URLSearchParams({ like: prefix, limit: '50' })}`,
      });
      i++;
    }
    for (let i = 0; i < perKind; i++)
      queries.push({ kind: 'call-back list', api: `/api/follow-ups?state=${i % 2 === 0 ? 'open' : 'done'}`, baseline: null });
    return queries;
  } finally {
    db.close();
  }
}

/** Page requests: the newest page, and deep pages (keyset cursor for the app, OFFSET for the baseline). */
export function pickPages(dataDir: string, deepPages: number, seed: number): { first: SearchQuery; deep: SearchQuery[] } {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const r = new Random(seed);
    const total = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM calls`).get()!.n;
    const at = db.prepare<[number], { started_ms: number; id: number }>(
      `SELECT started_ms, id FROM calls ORDER BY started_ms DESC, id DESC LIMIT 1 OFFSET ?`,
    );
    const deep: SearchQuery[] = [];
    for (let i = 0; i < deepPages; i++) {
      // Somewhere in the older half of the history: the page after `offset` rows.
      const offset = Math.floor(total * (0.5 + 0.45 * r.float()));
      const row = at.get(offset - 1);
      if (!row) continue;
      deep.push({
        kind: 'deep page',
        api: `/api/calls?limit=50&cursor=${encodeCursor(row.started_ms, row.id)}`,
        baseline: `/api/calls?limit=50&offset=${offset}`,
      });
    }
    return { first: { kind: 'first page', api: '/api/calls?limit=50', baseline: '/api/calls?limit=50&offset=0' }, deep };
  } finally {
    db.close();
  }
}
