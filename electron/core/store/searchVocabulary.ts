// The index's terms in a range, to write a typed prefix as the terms it stands for (./searchQuery.ts), read
// from FTS5's vocabulary (fts5vocab). The vocabulary counts each term's calls as it lists it, so listing the
// completions of "call" read the calls of "caller" and "calling" (most calls: 80 ms at a million). Terms
// found to be in many calls ("heavy") are remembered, here and in search_heavy_terms (migration 13), and a
// range is read in pieces around them: each heavy term is taken as known, every other term is still listed.
// A term is never missed: one not remembered is listed, and a remembered one that no call holds any more
// matches nothing.

import type { Db } from './db';
import type { Vocabulary } from './searchQuery';

/** A word with more completions than this is left a prefix. */
export const MAX_COMPLETIONS = 64;
/** A term in at least this many calls is remembered: listing it costs ~70 µs per 1,000 calls. */
export const HEAVY_TERM_CALLS = 500;

/** Terms sorted as SQLite compares them (UTF-8 bytes), which UTF-16 order is not past U+FFFF. */
function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** The index of the first of the sorted terms at or after `term`. */
function firstAtOrAfter(sorted: readonly string[], term: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (byBytes(sorted[middle]!, term) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The ranges to list so that, with the heavy terms in [from, to), every term of [from, to) is had: the range
 * cut at each heavy term, which is left out ("x\u0001" is the first string after "x" that a term can be).
 */
export function rangePieces(from: string, to: string, heavySorted: readonly string[]): { inRange: string[]; pieces: [string, string][] } {
  const inRange: string[] = [];
  for (let i = firstAtOrAfter(heavySorted, from); i < heavySorted.length && byBytes(heavySorted[i]!, to) < 0; i++) inRange.push(heavySorted[i]!);
  const pieces: [string, string][] = [];
  let lower = from;
  for (const h of inRange) {
    if (byBytes(lower, h) < 0) pieces.push([lower, h]);
    lower = `${h}\u0001`;
  }
  if (byBytes(lower, to) < 0) pieces.push([lower, to]);
  return { inRange, pieces };
}

/**
 * The greatest string a term below `s` can be, near enough: fts5vocab stops at an upper bound only past it (it
 * counts a term equal to `term < ?`'s bound before SQLite leaves it out), so a range ends at this, inclusive.
 */
export function justBelow(s: string): string {
  const chars = [...s];
  const last = chars.pop()?.codePointAt(0) ?? 0;
  if (last === 0) return chars.join('');
  // No code point lies among the surrogates.
  const previous = last - 1 >= 0xd800 && last - 1 <= 0xdfff ? 0xd7ff : last - 1;
  return `${chars.join('')}${String.fromCodePoint(previous)}${'\u{10FFFF}'.repeat(8)}`;
}

/** The vocabulary of the connection's search index; null past MAX_COMPLETIONS terms. */
export function indexVocabulary(db: Db): Vocabulary {
  // A table of this connection only: nothing is stored.
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.calls_search_terms USING fts5vocab(main, calls_search, row)`);
  const list = db.prepare<[string, string, number], { term: string; doc: number }>(
    `SELECT term, doc FROM temp.calls_search_terms WHERE term >= ? AND term <= ? LIMIT ?`,
  );
  const remember = db.readonly ? null : db.prepare<[string]>(`INSERT OR IGNORE INTO search_heavy_terms (term) VALUES (?)`);
  let heavy = db.prepare<[], string>(`SELECT term FROM search_heavy_terms`).pluck().all().sort(byBytes);
  return (from, to) => {
    const { inRange, pieces } = rangePieces(from, to, heavy);
    const terms = [...inRange];
    const found: string[] = [];
    for (const [lower, upper] of pieces) {
      if (terms.length > MAX_COMPLETIONS) break;
      for (const row of list.all(lower, justBelow(upper), MAX_COMPLETIONS + 1 - terms.length)) {
        terms.push(row.term);
        if (row.doc >= HEAVY_TERM_CALLS) found.push(row.term);
      }
    }
    if (found.length) {
      heavy = [...heavy, ...found].sort(byBytes);
      for (const term of found) remember?.run(term);
    }
    return terms.length > MAX_COMPLETIONS ? null : terms;
  };
}
