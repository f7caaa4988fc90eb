// Sends a form's saves one at a time, always with its latest state (the rule is in model/saveQueue.ts), so two
// quick changes both end up saved whatever order the network would have answered them in.

import { useCallback, useRef, useState } from 'react';
import { IDLE_QUEUE, mayRefill, queueAnswered, queueChange, type SaveQueue } from '../../model/saveQueue';
import { useSaveNote, type SaveNote } from './useSaveNote';

export interface SaveQueueState<T> {
  /** Saves the form's state as it is now: at once, or after the save on its way is answered. */
  change(form: T): void;
  /** A save is on its way or waiting: the form keeps its own state rather than refill from an older answer. */
  busy: boolean;
  note: SaveNote | null;
}

export function useSaveQueue<T>(send: (form: T) => Promise<string | null>): SaveQueueState<T> {
  const queue = useRef<SaveQueue<T>>(IDLE_QUEUE);
  const [busy, setBusy] = useState(false);
  const [note, run] = useSaveNote();
  const change = useCallback(
    (form: T) => {
      const go = (next: T) =>
        void run(() => send(next)).then(() => {
          const step = queueAnswered(queue.current);
          queue.current = step.queue;
          setBusy(!mayRefill(step.queue));
          if (step.send !== null) go(step.send);
        });
      const step = queueChange(queue.current, form);
      queue.current = step.queue;
      setBusy(!mayRefill(step.queue));
      if (step.send !== null) go(step.send);
    },
    [run, send],
  );
  return { change, busy, note };
}
