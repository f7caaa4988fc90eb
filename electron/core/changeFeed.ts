// The in-process change feed: what the desktop notifier, the IPC bridge and server-sent events listen to.

import type { CallStreamEvent, CatchUpEvent, FollowUpsEvent } from '../../shared/api';

export type CallListener = (event: CallStreamEvent) => void;
export type CatchUpListener = (event: CatchUpEvent) => void;
export type FollowUpsListener = (event: FollowUpsEvent) => void;

function tell<E>(listeners: Set<(event: E) => void>, event: E): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch (error) {
      console.error('A change feed listener failed:', error);
    }
  }
}

export class ChangeFeed {
  private readonly listeners = new Set<CallListener>();
  private readonly catchUpListeners = new Set<CatchUpListener>();
  private readonly followUpsListeners = new Set<FollowUpsListener>();

  /** Returns the function that unsubscribes. */
  onCall(listener: CallListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: CallStreamEvent): void {
    tell(this.listeners, event);
  }

  /** The summary of a catch-up run that added calls (its calls come through `emit`, without alerts). */
  onCatchUp(listener: CatchUpListener): () => void {
    this.catchUpListeners.add(listener);
    return () => this.catchUpListeners.delete(listener);
  }

  emitCatchUp(event: CatchUpEvent): void {
    tell(this.catchUpListeners, event);
  }

  /** Every change of the call-back entries, with how many are open (the affected calls come through `emit`). */
  onFollowUps(listener: FollowUpsListener): () => void {
    this.followUpsListeners.add(listener);
    return () => this.followUpsListeners.delete(listener);
  }

  emitFollowUps(event: FollowUpsEvent): void {
    tell(this.followUpsListeners, event);
  }

  get size(): number {
    return this.listeners.size;
  }
}
