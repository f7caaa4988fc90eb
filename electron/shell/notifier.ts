// The screen pop: turns the core's change feed into native notifications. Electron's Notification class
// is passed in (main.ts), so this module runs and is tested without the Electron runtime.

import type { NotificationConstructorOptions } from 'electron';
import type { AlertPreferences, CallStreamEvent, CatchUpEvent } from '../../shared/api';
import {
  alertAllowed,
  alertForChange,
  burstAlert,
  burstTimeUp,
  BURST_WINDOW_MS,
  catchUpToast,
  IDLE,
  OutcomeMemory,
  type AlertGate,
  type BurstStep,
  type Toast,
} from './alertPolicy';

/** What the notifier needs of Electron's Notification. */
export interface NativeNotification {
  on(event: 'click' | 'close', listener: () => void): unknown;
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown;
  show(): void;
}

export type NotificationFactory = (options: NotificationConstructorOptions) => NativeNotification;

export interface NotifierDeps {
  create: NotificationFactory;
  /** A notification was clicked: open the window on that call, or on the list for a summary (null). */
  open(callId: number | null): void;
  /** Read at every alert, so a change of preferences or a pause applies at once. */
  preferences(): AlertPreferences;
  pausedUntil(): number | null;
  /** The app icon shown in the notification (Windows, Linux). */
  icon?: string;
  now?: () => number;
  /** Whose notification centre the notifications go to; the running platform when omitted. */
  platform?: NodeJS.Platform;
  burstMs?: number;
  timeZone?: string;
}

/**
 * Notifications still on screen or in the notification centre are kept referenced: without a reference the
 * garbage collector takes the object and a later click does nothing. Windows keeps a toast in the Action
 * Center for 3 days unless told otherwise (Microsoft's app-notification docs), so that is how long one is
 * kept; the count cap bounds the cost of a busy day.
 */
export const KEEP_MS = 3 * 24 * 3_600_000;
export const MAX_KEPT = 100;

/**
 * Whether "close" means the notification is gone. Electron emits it on Windows also when a toast times out
 * into the Action Center, where it can still be clicked; macOS and Linux emit it once it is removed.
 */
export function closeRemoves(platform: NodeJS.Platform): boolean {
  return platform !== 'win32';
}

/**
 * Electron's options for how long a toast stays: a missed call's or voicemail's until dismissed on Windows and
 * Linux (`timeoutType: 'never'`); macOS ignores it and follows the person's alert style for the app.
 */
export function timeoutOptions(toast: Pick<Toast, 'untilDismissed'>, platform: NodeJS.Platform): Pick<NotificationConstructorOptions, 'timeoutType'> {
  return toast.untilDismissed && platform !== 'darwin' ? { timeoutType: 'never' } : {};
}

export class Notifier {
  private readonly kept = new Map<number, { notification: NativeNotification; shownAt: number }>();
  private readonly outcomes = new OutcomeMemory();
  private burst = IDLE;
  private timer: NodeJS.Timeout | null = null;
  private sequence = 0;

  constructor(private readonly deps: NotifierDeps) {}

  private platform(): NodeJS.Platform {
    return this.deps.platform ?? process.platform;
  }

  private now(): number {
    return this.deps.now ? this.deps.now() : Date.now();
  }

  /** Feed listener: every call change from the core, after it is committed. */
  readonly onCall = (event: CallStreamEvent): void => {
    const now = this.now();
    const alert = alertForChange(event, this.outcomes, now, this.deps.timeZone);
    if (!alert) return;
    if (!alertAllowed(alert, this.gate(now))) return;
    this.apply(burstAlert(this.burst, alert, now, this.deps.burstMs ?? BURST_WINDOW_MS), now);
  };

  /** Feed listener: a catch-up run's summary, shown as one notification (its calls come alert-less through onCall). */
  readonly onCatchUp = (event: CatchUpEvent): void => {
    const toast = catchUpToast(event, this.gate(this.now()));
    if (toast) this.show(toast);
  };

  private gate(now: number): AlertGate {
    return { prefs: this.deps.preferences(), pausedUntil: this.deps.pausedUntil(), now, timeZone: this.deps.timeZone };
  }

  private apply(step: BurstStep, now: number): void {
    this.burst = step.state;
    for (const toast of step.show) this.show(toast);
    if (step.wakeAt !== null && this.timer === null) {
      this.timer = setTimeout(
        () => {
          this.timer = null;
          const at = this.now();
          this.apply(burstTimeUp(this.burst, at, this.deps.burstMs ?? BURST_WINDOW_MS), at);
        },
        Math.max(0, step.wakeAt - now),
      );
    }
  }

  private show(toast: Toast): void {
    const notification = this.deps.create({
      title: toast.title,
      body: toast.body,
      silent: false,
      ...timeoutOptions(toast, this.platform()),
      ...(this.deps.icon ? { icon: this.deps.icon } : {}),
    });
    const key = this.sequence++;
    this.keep(key, notification);
    const release = () => this.kept.delete(key);
    notification.on('click', () => {
      release();
      this.deps.open(toast.callId);
    });
    if (closeRemoves(this.platform())) notification.on('close', release);
    notification.on('failed', (_event, error) => {
      release();
      console.error(`A notification could not be shown: ${error}`);
    });
    notification.show();
  }

  /** Drops what the notification centre has let go of by now (by age), then the oldest beyond the cap. */
  private keep(key: number, notification: NativeNotification): void {
    const now = this.now();
    for (const [old, { shownAt }] of this.kept) {
      if (now - shownAt < KEEP_MS) break;
      this.kept.delete(old);
    }
    this.kept.set(key, { notification, shownAt: now });
    if (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
  }

  /** Notifications kept alive for their click. */
  get keptCount(): number {
    return this.kept.size;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
