// The in-process change feed: what the desktop notifier, the IPC bridge and server-sent events listen to.

import type { CallStreamEvent } from '../../shared/api';

export type CallListener = (event: CallStreamEvent) => void;

export class ChangeFeed {
  private readonly listeners = new Set<CallListener>();

  /** Returns the function that unsubscribes. */
  onCall(listener: CallListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: CallStreamEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('A call listener failed:', error);
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
