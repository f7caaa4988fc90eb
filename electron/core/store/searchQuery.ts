// Turns what a person types into an FTS5 query. Words match as prefixes in names, places, ad sources and
// transcripts; anything that looks like part of a phone number ("2958", "905-580", "(905) 580") matches
// as a prefix of the number's suffixes, i.e. anywhere in the number.
//
// FTS5 reads a prefix term ("word"*) whole, every match of every term it stands for, before it returns a
// row, unless a prefix index of exactly that length exists (prefix = '2 3'); whole terms it reads lazily,
// newest first, and seeks within. So a prefix is written as the terms it stands for where that is cheap to
// know: one letter as itself or its two-letter prefixes, four letters or more as the word and its longer
// completions from the index's vocabulary. The calls matched are the same.
//
// A transcript's words are terms of their own, each marked by a leading private-use character (SPOKEN_MARK):
// "thanks" said in a call is the term "\uE0FFthanks", apart from "thanks" in a name. A word is looked for as
// both. With a filter, the index intersects the word's short list of names, places and ad sources with the
// filter's term, and its transcript terms with the filter's spoken term (./searchFacets.ts), which only calls
// with a transcript have: "call" with Missed, whose calls have no transcript, reads no transcript's list.

const NUMBER_LIKE = /^[\d()+\-.]+$/;
/** A word the tokenizer (unicode61, remove_diacritics 2) keeps as one token, only lowered. */
const PLAIN_WORD = /^[a-z0-9]+$/;
/** The columns of unmarked words: a word without a letter is kept out of the number column. */
const TEXT_COLUMNS = '{name place source}';
/** Leads every word of a transcript as indexed: private use, so nothing typed reaches it (words keep letters and digits only). */
export const SPOKEN_MARK = '\uE0FF';
/** A run of the characters the tokenizer (unicode61, categories L* N* Co) keeps as one term. */
const TOKEN_RUN = /[\p{L}\p{N}\p{Co}]+/gu;
const DIGITS = '0123456789';
const LETTERS_AND_DIGITS = `${DIGITS}abcdefghijklmnopqrstuvwxyz`;
/** Prefix lengths with a prefix index (migration 1: prefix = '2 3'). */
const INDEXED_PREFIXES = [2, 3];

/** One typed term: part of a phone number, or words to match as a prefix. */
export type SearchTerm =
  | { column: 'number'; digits: string }
  | {
      column: 'text';
      words: string;
      /** The index term the words are, when certain: one plain word. */
      term: string | null;
    };

/**
 * The index's terms `from` ≤ term < `to`, or null when there are too many to list. A term continues with
 * a letter or digit: ASCII ones (≥ "0") or any other character, whose UTF-8 bytes are all ≥ 0x80.
 */
export type Vocabulary = (from: string, to: string) => readonly string[] | null;

function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** The string just above every string that starts with `prefix`. */
export function pastPrefix(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

export function searchTerms(input: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  for (const typed of input.trim().split(/\s+/)) {
    if (!typed) continue;
    const digits = typed.replace(/\D/g, '');
    if (NUMBER_LIKE.test(typed) && digits.length > 0) {
      terms.push({ column: 'number', digits });
      continue;
    }
    const words = typed.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    if (!words) continue;
    const lowered = words.toLowerCase();
    terms.push({ column: 'text', words, term: PLAIN_WORD.test(lowered) ? lowered : null });
  }
  return terms;
}

/** The terms a one-character prefix stands for: itself, a prefix-index term per next character, and `other`. */
function oneCharacter(term: string, next: string, other: readonly string[]): string[] {
  return [quote(term), ...[...next].map((c) => `${quote(term + c)}*`), ...other.map(quote)];
}

/** A plain word as the terms it stands for, or null to leave it a prefix. */
function expanded(term: string, vocabulary: Vocabulary): string[] | null {
  if (term.length === 1) {
    // A term whose second character is not ASCII is rare: the vocabulary lists those cheaply.
    const other = vocabulary(`${term}\u0080`, pastPrefix(term));
    return other && oneCharacter(term, LETTERS_AND_DIGITS, other);
  }
  if (INDEXED_PREFIXES.includes(term.length)) return null;
  // From "\u0001", which sorts below any next character: the word's own matches, maybe many, are not read.
  const longer = vocabulary(`${term}\u0001`, pastPrefix(term));
  return longer && [term, ...longer].map(quote);
}

/** A typed term as index clauses: as a word of names, places and ad sources, or a number; and as words of a transcript. */
interface TermClauses {
  written: string;
  /** Null for part of a phone number, which only the number column holds. */
  spoken: string | null;
}

function termClauses(t: SearchTerm, vocabulary?: Vocabulary): TermClauses {
  if (t.column === 'number') {
    // The number column holds digits only.
    const alternatives = t.digits.length === 1 && vocabulary ? oneCharacter(t.digits, DIGITS, []) : null;
    return { written: `number : ${alternatives ? `(${alternatives.join(' OR ')})` : `${quote(t.digits)}*`}`, spoken: null };
  }
  // Only the number column holds nothing but digits: words with a letter need not name the others.
  const columns = /\p{L}/u.test(t.words) ? '' : `${TEXT_COLUMNS} : `;
  const alternatives = t.term && vocabulary ? expanded(t.term, vocabulary) : null;
  const written = `${columns}${alternatives ? `(${alternatives.join(' OR ')})` : `${quote(t.words)}*`}`;
  // One typed letter is two characters marked, two are three: FTS5's prefix indexes; three or more are listed.
  const marked = t.term && vocabulary ? expanded(`${SPOKEN_MARK}${t.term}`, vocabulary) : null;
  const spoken = marked ? `(${marked.join(' OR ')})` : `${quote(spokenWords(t.words))}*`;
  return { written, spoken };
}

/**
 * The FTS5 MATCH expression for the terms, or null when nothing searchable was typed. With `vocabulary`,
 * plain words are written as the terms they stand for (see the top of this file).
 */
export function matchExpression(terms: readonly SearchTerm[], vocabulary?: Vocabulary): string | null {
  return filteredMatch(terms, { written: [], spoken: [] }, vocabulary);
}

/** A filter's index clauses: its terms, and the ones only calls with a transcript have (./searchFacets.ts). */
export interface FilterClauses {
  written: readonly string[];
  spoken: readonly string[];
}

/**
 * The MATCH expression for the terms among the calls a filter keeps, or null when nothing searchable was
 * typed. A call matched by a transcript's word has a transcript, so it is among the filter's spoken terms; one
 * matched by none has every word in its names, places, ad sources or number. With one word, the second side
 * needs it only as spoken (the first has it written), so no list is read twice.
 */
export function filteredMatch(terms: readonly SearchTerm[], filter: FilterClauses, vocabulary?: Vocabulary): string | null {
  if (!terms.length) return null;
  const clauses = terms.map((t) => termClauses(t, vocabulary));
  const either = clauses.map((c) => (c.spoken ? `(${c.written} OR ${c.spoken})` : c.written));
  if (!filter.written.length) return either.join(' AND ');
  const words = clauses.filter((c) => c.spoken).length;
  if (words === 0) return [...either, ...filter.written].join(' AND ');
  const written = [...clauses.map((c) => c.written), ...filter.written].join(' AND ');
  const spoken = words === 1 ? clauses.map((c) => c.spoken ?? c.written) : either;
  return `(${written}) OR (${[...spoken, ...filter.spoken].join(' AND ')})`;
}

/** Words as a transcript's are indexed: each marked (see the top of this file). */
export function spokenWords(text: string): string {
  // A space before a mark unless one is there: a character the tokenizer keeps that this does not would
  // otherwise join two words.
  return text.replace(TOKEN_RUN, (word: string, at: number) => `${at === 0 || /\s/u.test(text[at - 1]!) ? '' : ' '}${SPOKEN_MARK}${word}`);
}

/** The FTS5 MATCH expression for free text with every word as a prefix, or null when nothing searchable was typed. */
export function searchExpression(input: string): string | null {
  return matchExpression(searchTerms(input));
}

/** Every suffix of the digits: "9055802958" → "9055802958 055802958 … 8". */
export function numberSuffixes(...numbers: (string | null)[]): string {
  const out: string[] = [];
  for (const n of numbers) {
    if (!n) continue;
    for (let i = 0; i < n.length; i++) out.push(n.slice(i));
  }
  return out.join(' ');
}
