// Which desktop notifications a call change raises, and how a burst of them is coalesced. Pure: the
// notifier (notifier.ts) feeds it the core's change feed and the clock, and shows what it returns.

import { alertWanted, inQuietHours, type AlertKind } from '../../shared/alertPrefs';
import type { AlertPreferences, CallStreamEvent, CatchUpEvent } from '../../shared/api';
import { alertFor, callerTitle } from '../../shared/calls/alert';
import { callOutcome } from '../../shared/calls/outcome';
import type { Call } from '../../shared/domain';
import { isPaused } from './trayModel';

export interface CallAlert {
  kind: AlertKind;
  callId: number;
  /** Who called, as the summary of a burst names them. */
  caller: string;
  title: string;
  body: string;
}

/** A notification to show. `callId` null opens the call list (a summary of several calls). */
export interface Toast {
  title: string;
  body: string;
  callId: number | null;
  /** A missed call or voicemail is among it: it stays on screen until dismissed (someone has to call back). */
  untilDismissed?: true;
}

/** The kinds someone has to act on: their notifications stay until dismissed. */
export function needsCallBack(kind: AlertKind): boolean {
  return kind === 'missed' || kind === 'voicemail';
}

function lasting(alerts: readonly CallAlert[]): Pick<Toast, 'untilDismissed'> {
  return alerts.some((a) => needsCallBack(a.kind)) ? { untilDismissed: true } : {};
}

type Outcome = ReturnType<typeof callOutcome>;

/**
 * Remembers the last outcome seen per call, so a missed or voicemail alert needs a change this session
 * saw happen: an old call updated again, or one first seen after a restart, never alerts.
 */
export class OutcomeMemory {
  private readonly last = new Map<number, Outcome>();

  constructor(private readonly capacity = 2000) {}

  /** Records `outcome` and returns what was known before (undefined: never seen). */
  swap(callId: number, outcome: Outcome): Outcome | undefined {
    const before = this.last.get(callId);
    this.last.delete(callId);
    this.last.set(callId, outcome);
    if (this.last.size > this.capacity) this.last.delete(this.last.keys().next().value!);
    return before;
  }
}

function followUp(call: Call, kind: 'missed' | 'voicemail', now: number, timeZone: string | undefined): CallAlert {
  const caller = callerTitle(call);
  const title = `${kind === 'missed' ? 'Missed call' : 'Voicemail'}: ${caller}`;
  return { kind, callId: call.id, caller, title, body: alertFor(call, { now, timeZone }).body };
}

/** The alert a call change carries, before preferences: the core's Call Start alert, or a new outcome. */
export function alertForChange(event: CallStreamEvent, memory: OutcomeMemory, now: number, timeZone?: string): CallAlert | null {
  const { call, alert } = event;
  const outcome = callOutcome(call);
  const before = memory.swap(call.id, outcome);
  // Catch-up's calls are summed up in one alert of their own (the `catch-up` event), never one each.
  if (event.fromCatchUp || event.replayed) return null;
  if (alert) return { kind: 'start', callId: call.id, caller: callerTitle(call), title: alert.title, body: alert.body };
  if (before === undefined || before === outcome || (outcome !== 'missed' && outcome !== 'voicemail')) return null;
  return followUp(call, outcome, now, timeZone);
}

export interface AlertGate {
  prefs: AlertPreferences;
  pausedUntil: number | null;
  now: number;
  timeZone?: string;
}

/** Whether the person wants this alert now: its kind switched on, not paused, not in quiet hours. */
export function alertAllowed(alert: CallAlert, gate: AlertGate): boolean {
  return !isPaused(gate.pausedUntil, gate.now) && alertWanted(gate.prefs, alert.kind, gate.now, gate.timeZone);
}

/**
 * The one notification for a catch-up run ("7 calls while this PC was off"), opening the call list. Its calls
 * did not ring here, so it is not subject to the per-kind switches, only to a pause and quiet hours.
 */
export function catchUpToast(event: CatchUpEvent, gate: AlertGate): Toast | null {
  if (!event.alert || isPaused(gate.pausedUntil, gate.now) || inQuietHours(gate.prefs, gate.now, gate.timeZone)) return null;
  // Its missed calls are people to call back: the summary stays as a missed call's alert does.
  return { title: event.alert.title, body: event.alert.body, callId: null, ...(event.missed > 0 ? { untilDismissed: true as const } : {}) };
}

// ---- Coalescing ----------------------------------------------------------------------------------------

/** Alerts arriving within this long of the last toast wait and are shown together. */
export const BURST_WINDOW_MS = 4000;
const NAMES_IN_SUMMARY = 3;

export interface BurstState {
  /** While set, new alerts are held until then; null when the last toast is older than the window. */
  holdUntil: number | null;
  held: CallAlert[];
}

export const IDLE: BurstState = { holdUntil: null, held: [] };

export interface BurstStep {
  state: BurstState;
  show: Toast[];
  /** When to call `burstTimeUp` (null: no timer needed). */
  wakeAt: number | null;
}

function single(alert: CallAlert): Toast {
  return { title: alert.title, body: alert.body, callId: alert.callId, ...lasting([alert]) };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "4 new calls" / "2 new calls, 1 missed call" with the first few callers named. */
export function summaryToast(alerts: readonly CallAlert[]): Toast {
  const count = (kind: AlertKind) => alerts.filter((a) => a.kind === kind).length;
  const parts = [
    count('start') > 0 ? plural(count('start'), 'new call', 'new calls') : null,
    count('missed') > 0 ? plural(count('missed'), 'missed call', 'missed calls') : null,
    count('voicemail') > 0 ? plural(count('voicemail'), 'voicemail', 'voicemails') : null,
  ].filter((p): p is string => p !== null);
  const callers = [...new Set(alerts.map((a) => a.caller))];
  const named = callers.slice(0, NAMES_IN_SUMMARY).join(', ');
  const rest = callers.length - NAMES_IN_SUMMARY;
  return { title: parts.join(', '), body: rest > 0 ? `${named} and ${rest} more` : named, callId: null, ...lasting(alerts) };
}

/**
 * An alert arrives. The first of a burst shows at once (a ringing call cannot wait); later ones within
 * the window are held and shown together when it ends, so a burst costs at most one toast per window.
 */
export function burstAlert(state: BurstState, alert: CallAlert, now: number, windowMs = BURST_WINDOW_MS): BurstStep {
  if (state.holdUntil !== null && now < state.holdUntil) {
    return { state: { holdUntil: state.holdUntil, held: [...state.held, alert] }, show: [], wakeAt: state.holdUntil };
  }
  return { state: { holdUntil: now + windowMs, held: [] }, show: [single(alert)], wakeAt: null };
}

/** The window ended: show what was held (one as itself, several as a summary) and open a new window. */
export function burstTimeUp(state: BurstState, now: number, windowMs = BURST_WINDOW_MS): BurstStep {
  if (state.held.length === 0) return { state: IDLE, show: [], wakeAt: null };
  const toast = state.held.length === 1 ? single(state.held[0]!) : summaryToast(state.held);
  return { state: { holdUntil: now + windowMs, held: [] }, show: [toast], wakeAt: null };
}
