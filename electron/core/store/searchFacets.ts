// The filters of the calls list as terms of the search index, so a word and a filter are matched together by
// FTS5, which intersects two terms' lists in C, skipping ahead in each, rather than by walking the filter's
// calls and asking the index about each: "thanks" (70% of calls) with Missed (20%) matches none, and proving
// that by walking read every missed call (215–313 ms at a million).
//
// A facet term is one private-use character (U+E000–U+F8FF): the tokenizer (unicode61) keeps it as a term,
// nothing typed can reach it (./searchQuery.ts keeps letters and digits only), and, one character long, it
// is left out of the two- and three-character prefix indexes, so it costs the index one entry a call.
// A call with a transcript has each term again as spoken (the code point moved to plane 15's private use,
// still one character): what a transcript's words (./searchQuery.ts SPOKEN_MARK) are intersected with.

import { createHash } from 'node:crypto';
import { callOutcome } from '../../../shared/calls/outcome';
import type { FoldedCall } from '../../../shared/domain';
import type { ListCallsQuery } from '../../../shared/api';
import { derivedColumns, type DerivedColumns } from './derivedColumns';
import type { FilterClauses } from './searchQuery';

/** The columns of a call that the list filters by, as the calls table stores them (./rows.ts callRow). */
export interface FacetColumns {
  outcome: string | null;
  hasRecording: 0 | 1;
  hasTranscript: 0 | 1;
  adSource: string | null;
  adChannel: string | null;
}

export type FacetFilters = Pick<ListCallsQuery, 'status' | 'adSource' | 'adChannel' | 'hasRecording' | 'hasTranscript'>;

const OUTCOMES: Record<string, number> = { answered: 0xe001, missed: 0xe002, voicemail: 0xe003, ringing: 0xe004 };
const RECORDING = [0xe010, 0xe011];
const TRANSCRIPT = [0xe012, 0xe013];
/** Ad sources and channels are hashed into ranges of their own: two values sharing a term only match more. */
const SOURCES = { first: 0xe100, size: 4096 };
const CHANNELS = { first: 0xf100, size: 1024 };
/** From a term's code point to its spoken one: U+E000–U+F8FF to U+F0000–U+F18FF. */
const SPOKEN_OFFSET = 0xf0000 - 0xe000;

function hashed(range: { first: number; size: number }, value: string): number {
  return range.first + (createHash('sha256').update(value).digest().readUInt32BE(0) % range.size);
}

/** What the calls table stores for a call's filters, from its fold: as ./rows.ts callRow computes them. */
export function facetColumns(call: FoldedCall, derived: DerivedColumns = derivedColumns(call)): FacetColumns {
  const { adSource, adChannel } = derived;
  return { outcome: callOutcome(call), hasRecording: call.recordingUrl ? 1 : 0, hasTranscript: call.transcript ? 1 : 0, adSource, adChannel };
}

/** The facet terms of a call, for its search row's facets column. */
export function facetTerms(c: FacetColumns): string {
  const codes = [RECORDING[c.hasRecording]!, TRANSCRIPT[c.hasTranscript]!];
  if (c.outcome && OUTCOMES[c.outcome]) codes.push(OUTCOMES[c.outcome]!);
  if (c.adSource) codes.push(hashed(SOURCES, c.adSource));
  if (c.adChannel) codes.push(hashed(CHANNELS, c.adChannel));
  const terms = codes.map((code) => String.fromCodePoint(code));
  if (c.hasTranscript) terms.push(...codes.map((code) => String.fromCodePoint(code + SPOKEN_OFFSET)));
  return terms.join(' ');
}

/** The codes of the terms every call the filters keep has. */
function filterCodes(filters: FacetFilters): number[] {
  const codes: number[] = [];
  if (filters.status && OUTCOMES[filters.status]) codes.push(OUTCOMES[filters.status]!);
  if (filters.hasRecording !== undefined) codes.push(RECORDING[filters.hasRecording ? 1 : 0]!);
  if (filters.hasTranscript !== undefined) codes.push(TRANSCRIPT[filters.hasTranscript ? 1 : 0]!);
  if (filters.adSource) codes.push(hashed(SOURCES, filters.adSource));
  if (filters.adChannel) codes.push(hashed(CHANNELS, filters.adChannel));
  return codes;
}

const clause = (code: number) => `facets : "${String.fromCodePoint(code)}"`;

/**
 * The MATCH clauses that stand for the filters, one a term, which every call the filter keeps has, and the spoken
 * ones, which every call with a transcript that it keeps has. The filters' SQL conditions stay as well: the terms
 * only narrow what the index returns.
 */
export function filterClauses(filters: FacetFilters): FilterClauses {
  const codes = filterCodes(filters);
  return { written: codes.map(clause), spoken: codes.map((code) => clause(code + SPOKEN_OFFSET)) };
}
