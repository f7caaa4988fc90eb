// What the window shows, kept in the URL hash ("#/calls?q=smith&status=missed&call=42") so a view survives a
// reload and works the same over http:// (headless) and file:// (Electron).

import type { CallOutcomeFilter, DeliveryKind, ListCallsQuery } from '../../../shared/api';
import { DELIVERY_KINDS } from '../../../shared/contract/schemas';

export type View = 'calls' | 'call-backs' | 'public-url' | 'deliveries' | 'settings';
export type DatePreset = 'any' | 'today' | '7d' | '30d' | 'custom';
export type StatusFilter = Exclude<CallOutcomeFilter, 'ringing'>;

export interface CallFilters {
  q: string;
  date: DatePreset;
  /** "YYYY-MM-DD" days on the PC's calendar, used by the custom preset; `to` is inclusive. */
  from: string | null;
  to: string | null;
  status: StatusFilter | null;
  /** One ad source exactly, or (`adChannel`) every source of one channel; the filter sets one of them. */
  adSource: string | null;
  adChannel: string | null;
  hasRecording: boolean;
  hasTranscript: boolean;
}

export interface Route {
  view: View;
  filters: CallFilters;
  callId: number | null;
}

export const NO_FILTERS: CallFilters = {
  q: '',
  date: 'any',
  from: null,
  to: null,
  status: null,
  adSource: null,
  adChannel: null,
  hasRecording: false,
  hasTranscript: false,
};

const VIEWS: readonly View[] = ['calls', 'call-backs', 'public-url', 'deliveries', 'settings'];
const PRESETS: readonly DatePreset[] = ['any', 'today', '7d', '30d', 'custom'];
const STATUSES: readonly StatusFilter[] = ['answered', 'missed', 'voicemail'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

function day(value: string | null): string | null {
  return value !== null && DAY.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;
}

/** Reads a hash such as "#/calls?q=x"; anything unknown falls back to the plain call list. */
export function parseRoute(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const qIndex = body.indexOf('?');
  const path = qIndex === -1 ? body : body.slice(0, qIndex);
  const params = new URLSearchParams(qIndex === -1 ? '' : body.slice(qIndex + 1));
  const id = Number(params.get('call'));
  const date = oneOf(PRESETS, params.get('date')) ?? 'any';
  return {
    view: oneOf(VIEWS, path) ?? 'calls',
    callId: Number.isSafeInteger(id) && id > 0 ? id : null,
    filters: {
      q: params.get('q') ?? '',
      date,
      from: date === 'custom' ? day(params.get('from')) : null,
      to: date === 'custom' ? day(params.get('to')) : null,
      status: oneOf(STATUSES, params.get('status')),
      adSource: params.get('source') || null,
      adChannel: params.get('channel') || null,
      hasRecording: params.get('recording') === '1',
      hasTranscript: params.get('transcript') === '1',
    },
  };
}

export function formatRoute(route: Route): string {
  const params = new URLSearchParams();
  const f = route.filters;
  if (route.view === 'calls') {
    if (f.q) params.set('q', f.q);
    if (f.date !== 'any') params.set('date', f.date);
    if (f.date === 'custom' && f.from) params.set('from', f.from);
    if (f.date === 'custom' && f.to) params.set('to', f.to);
    if (f.status) params.set('status', f.status);
    if (f.adSource) params.set('source', f.adSource);
    if (f.adChannel) params.set('channel', f.adChannel);
    if (f.hasRecording) params.set('recording', '1');
    if (f.hasTranscript) params.set('transcript', '1');
    if (route.callId !== null) params.set('call', String(route.callId));
  }
  const query = params.toString();
  return `#/${route.view}${query ? `?${query}` : ''}`;
}

function localMidnight(year: number, monthIndex: number, date: number): Date {
  return new Date(year, monthIndex, date, 0, 0, 0, 0);
}

function parseDay(value: string): Date {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return localMidnight(y, m - 1, d);
}

/** The start/end of a date preset on the runtime's own calendar (the PC's zone), as ISO instants. */
export function presetRange(filters: Pick<CallFilters, 'date' | 'from' | 'to'>, now: Date): { from?: string; to?: string } {
  const daysBack = (n: number) => localMidnight(now.getFullYear(), now.getMonth(), now.getDate() - n).toISOString();
  switch (filters.date) {
    case 'today':
      return { from: daysBack(0) };
    case '7d':
      return { from: daysBack(6) };
    case '30d':
      return { from: daysBack(29) };
    case 'custom': {
      const range: { from?: string; to?: string } = {};
      if (filters.from) range.from = parseDay(filters.from).toISOString();
      if (filters.to) {
        const end = parseDay(filters.to);
        range.to = localMidnight(end.getFullYear(), end.getMonth(), end.getDate() + 1).toISOString();
      }
      return range;
    }
    default:
      return {};
  }
}

/** The API query for the filters (no cursor, no limit). */
export function listQuery(filters: CallFilters, now: Date): ListCallsQuery {
  const query: ListCallsQuery = { ...presetRange(filters, now) };
  const q = filters.q.trim();
  if (q) query.q = q;
  if (filters.status) query.status = filters.status;
  if (filters.adSource) query.adSource = filters.adSource;
  if (filters.adChannel) query.adChannel = filters.adChannel;
  if (filters.hasRecording) query.hasRecording = true;
  if (filters.hasTranscript) query.hasTranscript = true;
  return query;
}

export function filtersActive(filters: CallFilters): boolean {
  return formatRoute({ view: 'calls', filters, callId: null }) !== '#/calls';
}

/** The inspector's two lists: what arrived on the webhook, and the answers catch-up kept from the vendor's API. */
export type InspectorTab = 'webhooks' | 'answers';
export type AnswerOutcome = 'accepted' | 'rejected' | 'failed';
export const ANSWER_OUTCOMES: readonly AnswerOutcome[] = ['accepted', 'rejected', 'failed'];

/** The Deliveries view's own part of the hash ("#/deliveries?kind=failed&q=shah&delivery=12", "…?tab=answers&answer=3"). */
export interface InspectorRoute {
  tab: InspectorTab;
  /** The kind shown (webhooks) or the outcome (answers); null for all. */
  kind: DeliveryKind | null;
  outcome: AnswerOutcome | null;
  q: string;
  /** The delivery (webhooks) or answer (answers) whose detail is open. */
  selected: number | null;
}

export const NO_INSPECTOR_FILTERS: InspectorRoute = { tab: 'webhooks', kind: null, outcome: null, q: '', selected: null };

function positiveId(value: string | null): number | null {
  const id = Number(value);
  return value !== null && Number.isSafeInteger(id) && id > 0 ? id : null;
}

export function parseInspectorRoute(hash: string): InspectorRoute {
  const body = hash.replace(/^#\/?/, '');
  const qIndex = body.indexOf('?');
  const params = new URLSearchParams(qIndex === -1 ? '' : body.slice(qIndex + 1));
  const tab: InspectorTab = params.get('tab') === 'answers' ? 'answers' : 'webhooks';
  return {
    tab,
    kind: tab === 'webhooks' ? oneOf(DELIVERY_KINDS, params.get('kind')) : null,
    outcome: tab === 'answers' ? oneOf(ANSWER_OUTCOMES, params.get('kind')) : null,
    q: tab === 'webhooks' ? (params.get('q') ?? '') : '',
    selected: positiveId(params.get(tab === 'webhooks' ? 'delivery' : 'answer')),
  };
}

export function formatInspectorRoute(route: InspectorRoute): string {
  const params = new URLSearchParams();
  if (route.tab === 'answers') {
    params.set('tab', 'answers');
    if (route.outcome) params.set('kind', route.outcome);
    if (route.selected !== null) params.set('answer', String(route.selected));
  } else {
    if (route.kind) params.set('kind', route.kind);
    if (route.q) params.set('q', route.q);
    if (route.selected !== null) params.set('delivery', String(route.selected));
  }
  const query = params.toString();
  return `#/deliveries${query ? `?${query}` : ''}`;
}

/** Where a delivery's detail opens (the call detail's technical details link here). */
export function deliveryHref(id: number): string {
  return formatInspectorRoute({ ...NO_INSPECTOR_FILTERS, selected: id });
}

/** Where a call opens in the call list. */
export function callHref(id: number): string {
  return formatRoute({ view: 'calls', filters: NO_FILTERS, callId: id });
}
