// The distinct ad-source labels, for the window's filter. Walks the ad-source index one value at a time
// (a skip scan), so the cost grows with the number of labels, not the number of calls.

import type { Db } from './db';

const MAX_SOURCES = 500;

export function adSourceLister(db: Db): () => string[] {
  // An aggregate: one row, with null once past the last label.
  const next = db.prepare<[string], string | null>(`SELECT min(ad_source) AS v FROM calls WHERE ad_source > ?`).pluck();
  return () => {
    const out: string[] = [];
    let v = next.get('') ?? null;
    while (v !== null && out.length < MAX_SOURCES) {
      out.push(v);
      v = next.get(v) ?? null;
    }
    return out;
  };
}
