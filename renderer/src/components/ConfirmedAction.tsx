// A button for an action that cannot be undone: it asks first, in the page, then says how it went.

import { useState, type ReactNode } from 'react';
import { Feedback } from './Feedback';

export interface ConfirmedActionProps {
  /** The first button ("Regenerate token…"). */
  label: string;
  /** The button that does it ("Regenerate now"). */
  confirmLabel: string;
  /** What will happen, shown before doing it; `id` labels the confirmation. */
  warning: ReactNode;
  id: string;
  /** Does it: null when it worked, else the reason. */
  run: () => Promise<string | null>;
  /** Said when it worked. */
  done: string;
  disabled?: boolean;
}

export function ConfirmedAction({ label, confirmLabel, warning, id, run, done, disabled }: ConfirmedActionProps) {
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <>
      {!confirming ? (
        <button type="button" className="button button--small" disabled={disabled} onClick={() => setConfirming(true)}>
          {label}
        </button>
      ) : (
        <div className="confirm" role="alertdialog" aria-labelledby={id}>
          <p id={id}>{warning}</p>
          <button
            type="button"
            className="button button--danger button--small"
            onClick={async () => {
              const failure = await run();
              setConfirming(false);
              setMessage(failure ? { ok: false, text: failure } : { ok: true, text: done });
            }}
          >
            {confirmLabel}
          </button>
          <button type="button" className="button button--ghost button--small" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      <Feedback message={message} />
    </>
  );
}
