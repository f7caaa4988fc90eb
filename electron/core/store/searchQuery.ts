// Turns what a person types into an FTS5 query. Words match as prefixes in names, places, ad sources and
// transcripts; anything that looks like part of a phone number ("2958", "905-580", "(905) 580") matches
// as a prefix of the number's suffixes, i.e. anywhere in the number.
//
// FTS5 reads a prefix term ("word"*) whole, every match of every term it stands for, before it returns a
// row, unless a prefix index of exactly that length exists (prefix = '2 3'); whole terms it reads lazily,
// newest first, and seeks within. So a prefix is written as the terms it stands for where that is cheap to
// know: one letter as itself or its two-letter prefixes, four letters or more as the word and its longer
// completions from the index's vocabulary. The calls matched are the same.

const NUMBER_LIKE = /^[\d()+\-.]+$/;
/** A word the tokenizer (unicode61, remove_diacritics 2) keeps as one token, only lowered. */
const PLAIN_WORD = /^[a-z0-9]+$/;
const TEXT_COLUMNS = '{name place source transcript}';
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

/**
 * The FTS5 MATCH expression for the terms, or null when nothing searchable was typed. With `vocabulary`,
 * plain words are written as the terms they stand for (see the top of this file).
 */
export function matchExpression(terms: readonly SearchTerm[], vocabulary?: Vocabulary): string | null {
  const clauses = terms.map((t) => {
    if (t.column === 'number') {
      // The number column holds digits only.
      const alternatives = t.digits.length === 1 && vocabulary ? oneCharacter(t.digits, DIGITS, []) : null;
      return `number : ${alternatives ? `(${alternatives.join(' OR ')})` : `${quote(t.digits)}*`}`;
    }
    // Only the number column holds nothing but digits: words with a letter need not name the others.
    const columns = /\p{L}/u.test(t.words) ? '' : `${TEXT_COLUMNS} : `;
    const alternatives = t.term && vocabulary ? expanded(t.term, vocabulary) : null;
    return `${columns}${alternatives ? `(${alternatives.join(' OR ')})` : `${quote(t.words)}*`}`;
  });
  return clauses.length ? clauses.join(' AND ') : null;
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
