// Re-process: runs a stored delivery (or catch-up answer) through today's reading again. Disabled, with the
// reason in words, when it cannot run; says what it did in a status line.

import { useState } from 'react';
import type { ReprocessOutcome } from '../../data/deliveries';
import { BusyButton } from './ListParts';

export function ReprocessButton({ id, blocked, run }: { id: string; blocked: string | null; run: () => Promise<ReprocessOutcome> }) {
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<ReprocessOutcome | null>(null);
  const onClick = () => {
    setBusy(true);
    setSaid(null);
    void run().then((outcome) => {
      setSaid(outcome);
      setBusy(false);
    });
  };
  return (
    <div className="inspector-reprocess">
      {blocked !== null ? (
        // Never focused while it can run, so disabling it loses no focus.
        <button type="button" className="button" disabled aria-describedby={`${id}-why`}>
          Re-process
        </button>
      ) : (
        <BusyButton className="button" busy={busy} busyLabel="Re-processing…" describedBy={`${id}-why`} onClick={onClick}>
          Re-process
        </BusyButton>
      )}
      <p id={`${id}-why`} className="muted inspector-reprocess__why">
        {blocked ?? 'Reads it again with this version of Call Alerts. Nothing changes if it was already applied.'}
      </p>
      {/* Always present, so a screen reader hears what it did. */}
      <p
        role="status"
        className={said && !said.ok ? 'notice notice--error' : said ? 'notice notice--ok' : 'inspector-reprocess__empty'}
        data-testid="reprocess-result"
      >
        {said?.message ?? ''}
      </p>
    </div>
  );
}
