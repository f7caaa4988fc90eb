// Save as you go: each change is sent when made (or when its box is left), and the line beside it says
// "Saved." or, in words, why the app refused it. There is no Save button to forget.

import { useCallback, useState } from 'react';
import { errorText } from '../../data/api';

export interface SaveNote {
  ok: boolean;
  text: string;
}

/** `run` sends one change (its promise answers the refusal in words, or null) and keeps the outcome to show. */
export function useSaveNote(): [SaveNote | null, (send: () => Promise<string | null>) => Promise<boolean>, () => void] {
  const [note, setNote] = useState<SaveNote | null>(null);
  const run = useCallback(async (send: () => Promise<string | null>) => {
    // A save that throws is reported as refused, never left without a word.
    const failure = await send().catch(errorText);
    setNote(failure ? { ok: false, text: `Not saved: ${failure}` } : { ok: true, text: 'Saved.' });
    return failure === null;
  }, []);
  const clear = useCallback(() => setNote(null), []);
  return [note, run, clear];
}
