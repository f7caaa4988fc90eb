// Live updates into a loaded, filtered, newest-first list: decide whether a streamed call belongs to the
// list and where, without asking the server again.

import type { AdChannelGroup, ListCallsQuery } from '../../../shared/api';
import { callOutcome } from '../../../shared/calls/outcome';
import type { Call } from '../../../shared/domain';
import { titleIsAName } from '../../../shared/calls/alert';

const NUMBER_LIKE = /^[\d()+\-.]+$/;

function startMs(call: Call): number {
  const t = call.startedAt ? Date.parse(call.startedAt) : Number.NaN;
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

/** Newest first, then highest id: the server's order. */
export function compareCalls(a: Call, b: Call): number {
  return startMs(b) - startMs(a) || b.id - a.id;
}

function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** The search the server does (word prefixes; digits anywhere in the caller's number), for one call. */
export function textMatches(call: Call, q: string): boolean {
  // "Unknown caller" (no name, no number) is no name: the server's search does not find it either.
  const names = [call.contact?.name, titleIsAName(call) ? call.displayName : null, call.callerName];
  const haystack = words([...names, call.callerCity, call.callerState, call.adSource, call.transcript].filter(Boolean).join(' '));
  const number = call.callerNumber ?? '';
  return q
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => {
      const digits = term.replace(/\D/g, '');
      if (NUMBER_LIKE.test(term) && digits) return number.includes(digits);
      const wanted = words(term);
      return wanted.length === 0 || wanted.every((w) => haystack.some((h) => h.startsWith(w)));
    });
}

export function callMatches(call: Call, query: ListCallsQuery): boolean {
  const t = startMs(call);
  if (query.from && t < Date.parse(query.from)) return false;
  if (query.to && t >= Date.parse(query.to)) return false;
  if (query.status && callOutcome(call) !== query.status) return false;
  if (query.adSource && call.adSource !== query.adSource) return false;
  if (query.adChannel && call.adChannel !== query.adChannel) return false;
  if (query.hasRecording !== undefined && Boolean(call.recordingUrl) !== query.hasRecording) return false;
  if (query.hasTranscript !== undefined && Boolean(call.transcript) !== query.hasTranscript) return false;
  return query.q ? textMatches(call, query.q) : true;
}

/**
 * The list after a streamed call: a known call is updated (and re-sorted if its start moved); a new one
 * that matches is inserted in order, unless it sorts past the loaded rows while more pages remain (it will
 * come with those pages). A known call that stops matching stays, so rows never vanish under the cursor.
 */
export function mergeLiveCall(rows: readonly Call[], call: Call, query: ListCallsQuery, complete: boolean): Call[] {
  const index = rows.findIndex((r) => r.id === call.id);
  if (index === -1 && !callMatches(call, query)) return rows as Call[];
  const rest = index === -1 ? [...rows] : rows.filter((r) => r.id !== call.id);
  let at = rest.findIndex((r) => compareCalls(call, r) < 0);
  if (at === -1) {
    if (!complete && index === -1) return rows as Call[];
    at = rest.length;
  }
  rest.splice(at, 0, call);
  return rest;
}

/** One keyset page as the list holds it: its calls and the cursor of the page after it. */
export interface CallPage {
  calls: Call[];
  nextCursor: string | null;
}

/**
 * The loaded pages after a streamed call: `mergeLiveCall` over all their rows (the list is complete once the
 * last page has no cursor). Each page keeps its cursor; the rows are spread over the pages as before, the last
 * taking the one added, since only the cursors matter for reading more and the rows are shown as one list.
 */
export function mergeLiveCallIntoPages<P extends CallPage>(pages: readonly P[], call: Call, query: ListCallsQuery): P[] {
  const last = pages.at(-1);
  if (!last) return pages as P[];
  const rows = pages.flatMap((p) => p.calls);
  const merged = mergeLiveCall(rows, call, query, last.nextCursor === null);
  if (merged === rows) return pages as P[];
  let at = 0;
  return pages.map((page, i) => {
    const calls = merged.slice(at, i === pages.length - 1 ? merged.length : at + page.calls.length);
    at += calls.length;
    return { ...page, calls };
  });
}

/** The pages without the given calls (deleted test calls); pages holding none of them are kept as they are. */
export function withoutCalls<P extends CallPage>(pages: readonly P[], ids: readonly number[]): P[] {
  const gone = new Set(ids);
  return pages.map((page) => (page.calls.some((c) => gone.has(c.id)) ? { ...page, calls: page.calls.filter((c) => !gone.has(c.id)) } : page));
}

/** The rows of the loaded pages as one list; a call on two pages (it moved while they loaded) is shown once. */
export function pageRows(pages: readonly CallPage[]): Call[] {
  const seen = new Set<number>();
  return pages.flatMap((page) => page.calls.filter((c) => !seen.has(c.id) && seen.add(c.id)));
}

const byName = (a: string, b: string) => a.localeCompare(b);

/**
 * The filter's channels with a call's ad source added where its channel says (a new channel or source once,
 * each in the order the filter lists them); unchanged (the same array) when both were there already.
 */
export function withAdSource(channels: readonly AdChannelGroup[], call: { adChannel: string | null; adSource: string | null }): AdChannelGroup[] {
  const channel = call.adChannel ?? call.adSource;
  if (!channel) return channels as AdChannelGroup[];
  const source = call.adSource ?? channel;
  const group = channels.find((g) => g.channel === channel);
  if (group?.sources.includes(source)) return channels as AdChannelGroup[];
  const rest = channels.filter((g) => g !== group);
  return sortedChannels([...rest, { channel, sources: [...(group?.sources ?? []), source] }]);
}

/** Channels and their sources in the order the filter lists them, each once. */
export function sortedChannels(channels: readonly AdChannelGroup[]): AdChannelGroup[] {
  return [...channels]
    .sort((a, b) => byName(a.channel, b.channel))
    .map((g) => ({ channel: g.channel, sources: [...new Set(g.sources)].sort(byName) }));
}
