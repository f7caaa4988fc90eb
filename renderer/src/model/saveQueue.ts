// Save as you go without losing a change: one save is on its way at a time, and a change made meanwhile waits
// as the latest whole form state, sent when the answer comes. Answers refill the form only once nothing waits.

export interface SaveQueue<T> {
  /** A save is on its way and its answer has not come back. */
  sending: boolean;
  /** The latest form state made while sending; only the newest is kept, since it holds every earlier change. */
  waiting: T | null;
}

export const IDLE_QUEUE: SaveQueue<never> = { sending: false, waiting: null };

export interface QueueStep<T> {
  queue: SaveQueue<T>;
  /** What to send now, or null when nothing is to be sent yet. */
  send: T | null;
}

/** A change is made: sent at once when nothing is on its way, else kept (replacing an older waiting one). */
export function queueChange<T>(queue: SaveQueue<T>, form: T): QueueStep<T> {
  if (queue.sending) return { queue: { sending: true, waiting: form }, send: null };
  return { queue: { sending: true, waiting: null }, send: form };
}

/** The answer to the save on its way came back (saved or refused): the waiting form state goes next. */
export function queueAnswered<T>(queue: SaveQueue<T>): QueueStep<T> {
  if (queue.waiting !== null) return { queue: { sending: true, waiting: null }, send: queue.waiting };
  return { queue: { sending: false, waiting: null }, send: null };
}

/** Saved settings may refill the form only when no edit of it is on its way or waiting (else it would undo them). */
export function mayRefill<T>(queue: SaveQueue<T>): boolean {
  return !queue.sending && queue.waiting === null;
}
