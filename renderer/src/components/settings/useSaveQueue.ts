// Sends a form's saves one at a time, always with its latest state (the rule is in model/saveQueue.ts), so two
// quick changes both end up saved whatever order the network would have answered them in.

import { useCallback, useEffect, useRef, useState } from 'react';
import { saveRunner } from '../../model/saveQueue';
import { useSaveNote, type SaveNote } from './useSaveNote';

export interface SaveQueueState<T> {
  /** Saves the form's state as it is now: at once, or after the save on its way is answered. */
  change(form: T): void;
  /** A save is on its way or waiting: the form keeps its own state rather than refill from an older answer. */
  busy: boolean;
  note: SaveNote | null;
}

export function useSaveQueue<T>(send: (form: T) => Promise<string | null>): SaveQueueState<T> {
  const [busy, setBusy] = useState(false);
  const [note, run] = useSaveNote();
  // The queue outlives a new `send` (a new closure each render): it sends with the latest one.
  const latestSend = useRef(send);
  useEffect(() => {
    latestSend.current = send;
  });
  const runner = useRef<((form: T) => void) | null>(null);
  const change = useCallback(
    (form: T) => {
      runner.current ??= saveRunner((next: T) => run(() => latestSend.current(next)), setBusy);
      runner.current(form);
    },
    [run],
  );
  return { change, busy, note };
}
