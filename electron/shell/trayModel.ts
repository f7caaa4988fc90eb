// What the tray shows: its icon, tooltip and menu, decided from the app's state. Pure: the tray adapter
// (tray.ts) turns the menu entries into Electron menu items and the commands into actions.

import type { SecretProblem, TunnelStatus } from '../../shared/api';
import { formatClock } from '../../shared/format';
import { localDay, startOfDay } from '../../shared/timeZone';
import type { DatabaseProblem } from '../core/store/databaseHealth';
import type { StoreThreadStatus } from '../core/thread/front';

export type TrayIconState = 'normal' | 'down' | 'paused' | 'unseen';

export type TrayCommand =
  | 'open-history'
  | 'open-call-backs'
  | 'copy-webhook-url'
  | 'open-public-url'
  | 'update-webhook-url'
  | 'pause-hour'
  | 'pause-until-tomorrow'
  | 'resume'
  | 'toggle-start-at-login'
  | 'quit';

export type MenuEntry =
  | { type: 'separator' }
  | { type: 'normal'; label: string; command: TrayCommand | null; enabled: boolean }
  | { type: 'checkbox'; label: string; command: TrayCommand; checked: boolean };

/** The part of the tunnel status the tray needs; null while no tunnel module reports. */
export type TunnelView = Pick<TunnelStatus, 'provider' | 'state' | 'url' | 'publicWebhookUrl' | 'error' | 'urlChanged' | 'lastCheck'> &
  Partial<Pick<TunnelStatus, 'verified'>>;

export interface TrayInput {
  now: number;
  tunnel: TunnelView | null;
  /** Epoch ms until which alerts are paused; null or past when they are not. */
  pausedUntil: number | null;
  /** Calls that started since someone last looked at the window. */
  unseen: number;
  /** People to call back (open call-back entries); 0 when omitted. */
  toCallBack?: number;
  /** The call-backs of a history from before are still being counted: `toCallBack` is only those counted so far. */
  countingCallBacks?: boolean;
  startAtLogin: boolean;
  /** The local webhook URL, copied when no public one exists yet. */
  localWebhookUrl: string;
  /** The zone the pause time is written in; the machine's when omitted. */
  timeZone?: string;
  /** Why the call database refuses calls (deleted, replaced, damaged, or it cannot be opened); null or omitted while it is fine. */
  database?: Pick<DatabaseProblem, 'kind' | 'file' | 'cause'> | null;
  /** Secrets the system keychain would not give back, and what that stops; empty or omitted while all are read. */
  secrets?: readonly Pick<SecretProblem, 'short'>[];
  /** The call database's thread: while it restarts (after a crash) webhooks are answered 503 and retried by the vendor. */
  storeThread?: Pick<StoreThreadStatus, 'state'> | null;
}

const HOUR = 3_600_000;

export function isPaused(pausedUntil: number | null, now: number): boolean {
  return pausedUntil !== null && pausedUntil > now;
}

/** Down means calls cannot reach the app from Marketing Edge: no public URL, or it is not working. */
export function publicUrlDown(tunnel: TunnelView | null): boolean {
  if (!tunnel || tunnel.provider === 'none') return true;
  return tunnel.state === 'off' || tunnel.state === 'reconnecting' || tunnel.state === 'failed';
}

/** Marketing Edge does not have the current public URL yet: its calls go to an old address (or nowhere). */
export function webhookUrlNeedsUpdate(tunnel: TunnelView | null): boolean {
  return tunnel !== null && tunnel.provider !== 'none' && tunnel.urlChanged;
}

/** The tray's warning about the call database, or null while it is fine. */
export function databaseLine(database: TrayInput['database']): string | null {
  if (!database) return null;
  switch (database.kind) {
    case 'damaged':
      return `⚠ The call database is damaged: calls are refused until a backup is restored (${database.file})`;
    case 'lost':
      return `⚠ The call database was deleted or replaced: calls are refused until Call Alerts restarts (${database.file})`;
    case 'cannot-open':
      return `⚠ Cannot open the call database: ${database.cause ?? 'it cannot be opened'}. Calls are refused; it keeps trying`;
  }
}

/** The tooltip's few words about the call database. */
function databaseShort(database: NonNullable<TrayInput['database']>): string {
  if (database.kind === 'cannot-open') return `cannot open the call database: ${database.cause ?? 'it cannot be opened'}`;
  return database.kind === 'damaged' ? 'the call database is damaged' : 'the call database is gone';
}

/** Whether the call database's thread is being started again after it stopped unexpectedly. */
export function storeRestarting(storeThread: TrayInput['storeThread']): boolean {
  return storeThread?.state === 'restarting';
}

/**
 * The tray's line while the call database restarts; null otherwise, and while it cannot be opened (the database
 * line says why, and "in a moment" would not be true). Marketing Edge sends again what it could not deliver.
 */
export function storeThreadLine(storeThread: TrayInput['storeThread'], database?: TrayInput['database']): string | null {
  if (database?.kind === 'cannot-open') return null;
  return storeRestarting(storeThread) ? '⚠ Restarting the call database… calls will come in again in a moment' : null;
}

/** Whether the thread's new state changes what the tray shows: a restart beginning or ending, not a start nor the stop at quit. */
export function storeThreadRedraws(drawn: TrayInput['storeThread'], next: TrayInput['storeThread']): boolean {
  return storeRestarting(drawn) !== storeRestarting(next);
}

/** A call database that refuses calls and a broken or not-yet-entered public URL outrank a pause the person chose, which outranks the unseen-calls dot. */
export function trayIconState(input: Pick<TrayInput, 'now' | 'tunnel' | 'pausedUntil' | 'unseen' | 'database' | 'storeThread'>): TrayIconState {
  if (input.database || storeRestarting(input.storeThread)) return 'down';
  if (publicUrlDown(input.tunnel) || webhookUrlNeedsUpdate(input.tunnel)) return 'down';
  if (isPaused(input.pausedUntil, input.now)) return 'paused';
  return input.unseen > 0 ? 'unseen' : 'normal';
}

/** File in build/tray/: macOS gets black-and-alpha Template images the menu bar tints itself. */
export function trayIconFile(state: TrayIconState, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? `tray-${state}Template.png` : `tray-${state}.png`;
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function publicUrlStatusLine(tunnel: TunnelView | null): string {
  if (!tunnel || tunnel.provider === 'none' || tunnel.state === 'off') return 'Public URL: not set up';
  const host = hostOf(tunnel.url);
  switch (tunnel.state) {
    case 'online': {
      // Kept up though this PC cannot reach it (DNS filter, no hairpin NAT): the vendor may still.
      const state = tunnel.verified === false ? 'online, not verified from this PC' : 'online';
      return host ? `Public URL: ${state} (${host})` : `Public URL: ${state}`;
    }
    case 'starting':
      return 'Public URL: connecting…';
    case 'reconnecting':
      return 'Public URL: down, reconnecting…';
    case 'failed':
      return shorten(`Public URL: down${tunnel.error ? ` (${tunnel.error})` : ''}`, 80);
  }
}

/** The last self-test through the public URL, for a menu line; null when there is no tunnel to test. */
export function selfTestLine(tunnel: TunnelView | null, timeZone?: string): string | null {
  if (!tunnel || tunnel.provider === 'none' || tunnel.state === 'off') return null;
  const check = tunnel.lastCheck;
  if (!check) return 'Self-test: not run yet';
  const at = formatClock(Date.parse(check.at), timeZone);
  return check.ok ? `Self-test passed at ${at} (${check.ms} ms)` : shorten(`Self-test failed at ${at}${check.error ? `: ${check.error}` : ''}`, 80);
}

/** "until 3:15 PM" today, "until tomorrow" for the start of tomorrow, else "until Tue 9:00 AM". */
export function pauseLabel(until: number, now: number, timeZone?: string): string {
  if (localDay(until, timeZone) === localDay(now, timeZone)) return `until ${formatClock(until, timeZone)}`;
  if (until === startOfDay(now, timeZone, 1)) return 'until tomorrow';
  const day = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' }).format(until);
  return `until ${day} ${formatClock(until, timeZone)}`;
}

export function pauseUntil(command: 'pause-hour' | 'pause-until-tomorrow', now: number, timeZone?: string): number {
  return command === 'pause-hour' ? now + HOUR : startOfDay(now, timeZone, 1);
}

function unseenText(unseen: number): string {
  return unseen === 1 ? '1 new call' : `${unseen} new calls`;
}

function callBackText(people: number): string {
  return people === 1 ? '1 person to call back' : `${people} people to call back`;
}

/**
 * The most a tooltip holds: Windows cuts the tray tooltip at 127 characters (NOTIFYICONDATA's szTip is 128
 * with its terminating NUL); macOS and Linux trays show more, but a tooltip is one glance, not a report.
 */
export function tooltipLimit(platform: NodeJS.Platform): number {
  return platform === 'win32' ? 127 : 255;
}

/** The tray's warning about secrets that could not be read, or null. */
export function secretsLine(secrets: TrayInput['secrets']): string | null {
  if (!secrets || secrets.length === 0) return null;
  return `⚠ Keychain locked: ${secrets.map((s) => s.short).join(', ')}`;
}

/**
 * One line: what stops calls or alerts first (a cut tooltip must still say it), then the calm state. Parts
 * that do not fit are left off from the end; the first is shortened if even it alone does not fit.
 */
export function trayTooltip(input: TrayInput, platform: NodeJS.Platform = process.platform): string {
  const urgent: string[] = [];
  if (input.database) urgent.push(databaseShort(input.database));
  if (storeThreadLine(input.storeThread, input.database)) urgent.push('restarting the call database');
  if (input.secrets && input.secrets.length > 0) urgent.push(`keychain locked: ${input.secrets.map((s) => s.short).join(', ')}`);
  if (webhookUrlNeedsUpdate(input.tunnel)) urgent.push('update the webhook URL in Marketing Edge');
  const down = publicUrlDown(input.tunnel) && input.tunnel !== null && input.tunnel.provider !== 'none';
  if (down) urgent.push(publicUrlStatusLine(input.tunnel));
  const calm: string[] = [];
  // Before the new calls: a call back owed is the desk's job, a new call only news.
  if (input.countingCallBacks) calm.push('counting call-backs from your history');
  else if ((input.toCallBack ?? 0) > 0) calm.push(callBackText(input.toCallBack!));
  if (input.unseen > 0) calm.push(unseenText(input.unseen));
  if (isPaused(input.pausedUntil, input.now)) calm.push(`alerts paused ${pauseLabel(input.pausedUntil!, input.now, input.timeZone)}`);
  if (!down) calm.push(publicUrlStatusLine(input.tunnel));
  return fitParts(['Call Alerts', ...urgent, ...calm], tooltipLimit(platform));
}

function fitParts(parts: string[], max: number): string {
  const separator = ' · ';
  const kept = [parts[0]!];
  for (const part of parts.slice(1)) {
    const line = [...kept, part].join(separator);
    if (line.length <= max) kept.push(part);
    else if (kept.length === 1) return shorten(line, max);
    else break;
  }
  return kept.join(separator);
}

/** Whether a click on the tray icon opens the window: not on macOS, where the click opens the menu. */
export function trayClickOpensWindow(platform: NodeJS.Platform): boolean {
  return platform !== 'darwin';
}

export function trayMenu(input: TrayInput): MenuEntry[] {
  const paused = isPaused(input.pausedUntil, input.now);
  const publicUrl = input.tunnel?.publicWebhookUrl ?? null;
  const separator = { type: 'separator' } as const;
  const selfTest = selfTestLine(input.tunnel, input.timeZone);
  const database = databaseLine(input.database);
  const secrets = secretsLine(input.secrets);
  const restarting = storeThreadLine(input.storeThread, input.database);
  return [
    // The window says what to do about it.
    ...(database ? ([{ type: 'normal', label: database, command: 'open-history', enabled: true }, separator] as const) : []),
    // Nothing to do but wait: said, not offered.
    ...(restarting ? ([{ type: 'normal', label: restarting, command: null, enabled: false }, separator] as const) : []),
    ...(secrets
      ? ([
          { type: 'normal', label: shorten(secrets, 80), command: null, enabled: false },
          { type: 'normal', label: 'Unlock it and restart Call Alerts (the window says how)', command: null, enabled: false },
          separator,
        ] as const)
      : []),
    // First, where it cannot be missed: calls go to an old address until Marketing Edge has the new one.
    ...(webhookUrlNeedsUpdate(input.tunnel)
      ? ([
          { type: 'normal', label: '⚠ Update the webhook URL in Marketing Edge (copy it)…', command: 'update-webhook-url', enabled: true },
          separator,
        ] as const)
      : []),
    {
      type: 'normal',
      label: input.unseen > 0 ? `Open call history (${unseenText(input.unseen)})` : 'Open call history',
      command: 'open-history',
      enabled: true,
    },
    ...(input.countingCallBacks || (input.toCallBack ?? 0) > 0
      ? ([
          {
            type: 'normal',
            label: input.countingCallBacks ? 'To call back: still counting…' : `To call back: ${input.toCallBack}`,
            command: 'open-call-backs',
            enabled: true,
          },
        ] as const)
      : []),
    separator,
    { type: 'normal', label: publicUrlStatusLine(input.tunnel), command: null, enabled: false },
    ...(selfTest ? ([{ type: 'normal', label: selfTest, command: null, enabled: false }] as const) : []),
    // The local address is no use in Marketing Edge: without a public one, the entry leads to setting it up.
    publicUrl
      ? ({ type: 'normal', label: 'Copy webhook URL', command: 'copy-webhook-url', enabled: true } as const)
      : ({ type: 'normal', label: 'Set up the public address…', command: 'open-public-url', enabled: true } as const),
    separator,
    ...(paused
      ? ([
          { type: 'normal', label: `Alerts paused ${pauseLabel(input.pausedUntil!, input.now, input.timeZone)}`, command: null, enabled: false },
          { type: 'normal', label: 'Resume alerts', command: 'resume', enabled: true },
        ] as const)
      : ([
          { type: 'normal', label: 'Pause alerts for 1 hour', command: 'pause-hour', enabled: true },
          { type: 'normal', label: 'Pause alerts until tomorrow', command: 'pause-until-tomorrow', enabled: true },
        ] as const)),
    separator,
    { type: 'checkbox', label: 'Start at login', command: 'toggle-start-at-login', checked: input.startAtLogin },
    separator,
    { type: 'normal', label: 'Quit Call Alerts', command: 'quit', enabled: true },
  ];
}

/** The URL "Copy webhook URL" puts on the clipboard: the public one when known, else the local one. */
export function webhookUrlToCopy(input: Pick<TrayInput, 'tunnel' | 'localWebhookUrl'>): string {
  return input.tunnel?.publicWebhookUrl ?? input.localWebhookUrl;
}

/** Calls that started while nobody was looking at the window; looking at it clears them. */
export class UnseenCalls {
  private readonly ids = new Set<number>();

  /** Returns true when the count changed. */
  started(callId: number, windowFocused: boolean): boolean {
    if (windowFocused || this.ids.has(callId)) return false;
    this.ids.add(callId);
    return true;
  }

  /** Returns true when the count changed. */
  looked(): boolean {
    if (this.ids.size === 0) return false;
    this.ids.clear();
    return true;
  }

  get count(): number {
    return this.ids.size;
  }
}
