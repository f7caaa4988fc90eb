// Save as you go without losing a change: one save is on its way at a time, and a change made meanwhile waits
// as the latest whole form state, sent when the answer comes. Answers refill the form only once nothing waits,
// and only the answer to the latest save sent (from any part of Settings) is kept.

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

/**
 * Drives a queue with a real `send`: the next waiting state goes once the save on its way settles, whether it
 * was saved, refused or threw (a thrown save must never leave the queue "sending" for good). `onBusy` hears
 * whether the form should keep its own state (see mayRefill).
 */
export function saveRunner<T>(send: (form: T) => Promise<unknown>, onBusy: (busy: boolean) => void): (form: T) => void {
  let queue: SaveQueue<T> = IDLE_QUEUE;
  const step = ({ queue: next, send: form }: QueueStep<T>) => {
    queue = next;
    onBusy(!mayRefill(queue));
    if (form === null) return;
    void Promise.resolve()
      .then(() => send(form))
      .catch(() => undefined)
      .finally(() => step(queueAnswered(queue)));
  };
  return (form) => step(queueChange(queue, form));
}

// Every Settings save answers with the whole settings. Numbered as sent, only the answer to the latest one sent
// is kept: an older one landing late (the desk name's, while the alerts' was on its way) would refill the form
// with what it was before.

export interface SaveOrder {
  /** The number of the latest save sent; 0 before the first. */
  latestSent: number;
}

/** A save is sent: its number, one more than any before it. */
export function numberSave(order: SaveOrder): { order: SaveOrder; number: number } {
  const number = order.latestSent + 1;
  return { order: { latestSent: number }, number };
}

/** The answer to save `number` may become the settings shown only when no save was sent after it. */
export function answerIsLatest(order: SaveOrder, number: number): boolean {
  return number === order.latestSent;
}
