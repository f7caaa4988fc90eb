// Indexing the calls again after migration 13 replaced the search index: in batches of calls by id, each its
// own transaction (so a million calls never sit in one transaction's WAL), the progress kept with each batch
// so a start cut short goes on where it stopped. Runs before the store answers anything.

import type { FoldedCall } from '../../../shared/domain';
import type { Db } from './db';
import { HEAVY_TERM_CALLS } from './searchVocabulary';
import { INSERT_SEARCH_SQL, KNOWN_NAMES_SQL, searchRow, type KnownNames, type KnownNamesOf, type SearchParams } from './rows';

/** The setting migration 13 leaves: the id of the last call indexed again, until every call is. */
export const SEARCH_REBUILD_FLAG = 'searchToRebuild';
const BATCH = 5000;

interface CallToIndex {
  id: number;
  started_ms: number;
  data: string;
}

/** Indexes every call not indexed since migration 13; returns how many it indexed. */
export function rebuildSearchIfNeeded(db: Db, batch = BATCH): number {
  const flag = db.prepare<[string], string>(`SELECT value FROM settings WHERE key = ?`).pluck();
  const from = flag.get(SEARCH_REBUILD_FLAG);
  if (from === undefined) return 0;
  const calls = db.prepare<[number, number], CallToIndex>(`SELECT id, started_ms, data FROM calls WHERE id > ? ORDER BY id LIMIT ?`);
  const known = db.prepare<KnownNamesOf, KnownNames>(KNOWN_NAMES_SQL);
  const insert = db.prepare<SearchParams>(INSERT_SEARCH_SQL);
  const progress = db.prepare<[string, string]>(`UPDATE settings SET value = ? WHERE key = ?`);
  const done = db.prepare<[string]>(`DELETE FROM settings WHERE key = ?`);
  let indexed = 0;
  const step = db.transaction((after: number): number | null => {
    const rows = calls.all(after, batch);
    for (const row of rows) {
      const call = JSON.parse(row.data) as FoldedCall;
      const names = call.callerNumber ? (known.get({ number: call.callerNumber, startedMs: row.started_ms }) ?? null) : null;
      insert.run(row.id, ...searchRow(call, names));
    }
    indexed += rows.length;
    const last = rows[rows.length - 1];
    if (!last) {
      done.run(SEARCH_REBUILD_FLAG);
      return null;
    }
    progress.run(String(last.id), SEARCH_REBUILD_FLAG);
    return last.id;
  });
  for (let after: number | null = Number(from); after !== null;) after = step(after);
  rememberHeavyTerms(db);
  return indexed;
}

/** Remembers the terms in many calls (./searchVocabulary.ts): one read of the whole vocabulary, once. */
function rememberHeavyTerms(db: Db): void {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.calls_search_terms USING fts5vocab(main, calls_search, row)`);
  db.prepare<[number]>(`INSERT OR IGNORE INTO search_heavy_terms (term) SELECT term FROM temp.calls_search_terms WHERE doc >= ?`).run(
    HEAVY_TERM_CALLS,
  );
}
