// Stands in for Electron's Notification in the notifier's tests: the subset the notifier uses (electron's
// notification.md: constructor options, on('click' | 'close' | 'failed'), show()), recording what would be shown.

import type { NativeNotification } from '../../electron/shell/notifier';

/** Stands in for Electron's Notification: records what would be shown and lets a test click or close it. */
export class RecordingNotification implements NativeNotification {
  static shown: RecordingNotification[] = [];
  private readonly listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  shownAt = 0;

  constructor(readonly options: { title?: string; body?: string; icon?: unknown; silent?: boolean }) {}

  on(event: string, listener: (...args: never[]) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener as (...args: unknown[]) => void]);
    return this;
  }

  show(): void {
    this.shownAt = performance.now();
    RecordingNotification.shown.push(this);
  }

  emit(event: 'click' | 'close' | 'failed', ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
}
