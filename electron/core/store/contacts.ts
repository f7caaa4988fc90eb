// Names (and a short note) staff saved for callers' numbers. Saving or removing one rewrites the search rows
// of that number's calls in the same transaction, so searching the name finds them at once.

import type { ContactView } from '../../../shared/api';
import type { FoldedCall } from '../../../shared/domain';
import type { Db } from './db';
import { INSERT_SEARCH_SQL, KNOWN_NAMES_SQL, searchRow, type KnownNames, type KnownNamesOf, type SearchParams } from './rows';

interface ContactRow {
  number: string;
  name: string;
  note: string | null;
  updated_at: string;
}

function view(row: ContactRow): ContactView {
  return { number: row.number, name: row.name, note: row.note, updatedAt: row.updated_at };
}

export class Contacts {
  private readonly stmt;
  /** Saves (or replaces) a contact and reindexes the number's calls. */
  readonly save: (number: string, name: string, note: string | null, at: string) => ContactView;
  /** Forgets a contact and reindexes the number's calls; false when none was saved. */
  readonly delete: (number: string) => boolean;

  constructor(db: Db) {
    this.stmt = {
      get: db.prepare<[string], ContactRow>(`SELECT number, name, note, updated_at FROM contacts WHERE number = ?`),
      upsert: db.prepare<ContactRow>(
        `INSERT INTO contacts (number, name, note, updated_at) VALUES (@number, @name, @note, @updated_at)
         ON CONFLICT (number) DO UPDATE SET name = excluded.name, note = excluded.note, updated_at = excluded.updated_at`,
      ),
      remove: db.prepare<[string]>(`DELETE FROM contacts WHERE number = ?`),
      callsOf: db.prepare<[string], { id: number; data: string; started_ms: number }>(
        `SELECT id, data, started_ms FROM calls WHERE caller_number = ?`,
      ),
      knownNames: db.prepare<KnownNamesOf, KnownNames>(KNOWN_NAMES_SQL),
      deleteSearch: db.prepare<[number]>(`DELETE FROM calls_search WHERE rowid = ?`),
      insertSearch: db.prepare<SearchParams>(INSERT_SEARCH_SQL),
    };
    this.save = db.transaction((number: string, name: string, note: string | null, at: string) => {
      const row: ContactRow = { number, name, note, updated_at: at };
      this.stmt.upsert.run(row);
      this.reindex(number);
      return view(row);
    });
    this.delete = db.transaction((number: string) => {
      const deleted = this.stmt.remove.run(number).changes > 0;
      if (deleted) this.reindex(number);
      return deleted;
    });
  }

  get(number: string): ContactView | null {
    const row = this.stmt.get.get(number);
    return row ? view(row) : null;
  }

  /** Rewrites the search rows of the number's calls, after its contact changed (read back in the same transaction). */
  private reindex(number: string): void {
    for (const { id, data, started_ms } of this.stmt.callsOf.all(number)) {
      this.stmt.deleteSearch.run(id);
      const known = this.stmt.knownNames.get({ number, startedMs: started_ms }) ?? null;
      this.stmt.insertSearch.run(id, ...searchRow(JSON.parse(data) as FoldedCall, known));
    }
  }
}
