// A transcript arrives as one string with inline turns ("Caller: … Agent: …"). The window shows it as turns
// and marks the keyword hits; marking is done on text ranges so nothing is ever rendered as HTML.

import type { KeywordHit } from './domain';

export type Speaker = 'caller' | 'agent';

export interface TranscriptTurn {
  /** null for text before the first "Caller:" / "Agent:" marker. */
  speaker: Speaker | null;
  text: string;
}

const MARKER = /\b(Caller|Agent)\s*:/gi;

/** Splits the vendor's inline transcript into turns; turns with no letter or digit (a lone ".") are dropped. */
export function transcriptTurns(transcript: string | null): TranscriptTurn[] {
  if (!transcript) return [];
  const turns: TranscriptTurn[] = [];
  let speaker: Speaker | null = null;
  let from = 0;
  const push = (end: number) => {
    const text = transcript.slice(from, end).trim();
    if (/[\p{L}\p{N}]/u.test(text)) turns.push({ speaker, text });
  };
  for (const m of transcript.matchAll(MARKER)) {
    push(m.index);
    speaker = m[1]!.toLowerCase() as Speaker;
    from = m.index + m[0].length;
  }
  push(transcript.length);
  return turns;
}

export interface TextSegment {
  text: string;
  /** The keyword this segment matched, or null for plain text. */
  keyword: string | null;
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** Cuts `text` into plain and keyword segments: whole-word, case-insensitive, longest keyword first. */
export function highlightKeywords(text: string, keywords: readonly string[]): TextSegment[] {
  const wanted = [...new Set(keywords.map((k) => k.trim().toLowerCase()).filter(Boolean))].sort((a, b) => b.length - a.length);
  const lower = text.toLowerCase();
  const segments: TextSegment[] = [];
  let plainFrom = 0;
  let i = 0;
  while (i < text.length) {
    const hit = isWordChar(lower[i - 1]) ? undefined : wanted.find((k) => lower.startsWith(k, i) && !isWordChar(lower[i + k.length]));
    if (hit === undefined) {
      i++;
      continue;
    }
    if (i > plainFrom) segments.push({ text: text.slice(plainFrom, i), keyword: null });
    segments.push({ text: text.slice(i, i + hit.length), keyword: hit });
    i += hit.length;
    plainFrom = i;
  }
  if (plainFrom < text.length) segments.push({ text: text.slice(plainFrom), keyword: null });
  return segments;
}

/** "00:00:03|00:01:04" → "0:03–1:04"; "" or null → null. */
export function keywordSpan(span: string | null): string | null {
  if (!span) return null;
  const short = (t: string) =>
    t
      .trim()
      .replace(/^00:/, '')
      .replace(/^0(\d:)/, '$1');
  const [from, to] = span.split('|');
  if (!from) return null;
  return to ? `${short(from)}–${short(to)}` : short(from);
}

export function keywordWords(hits: readonly KeywordHit[]): string[] {
  return [...new Set(hits.map((h) => h.keyword))];
}
