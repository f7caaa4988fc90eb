// The bodies kept of refused and rejected deliveries share a budget (the oldest are dropped past it); shown
// with a way to clear them, after a confirmation.

import type { RefusedBodies } from '../../../../shared/api';
import { ConfirmedAction } from '../ConfirmedAction';
import { sizeInWords } from '../../../../shared/format';

export function RefusedBodiesBar({ refused, clear }: { refused: RefusedBodies; clear: () => Promise<string | null> }) {
  return (
    <div className="refused-bodies">
      <p data-testid="refused-bodies">
        Kept copies of refused deliveries: {sizeInWords(refused.keptBytes)} of {sizeInWords(refused.budgetBytes)} used
      </p>
      <ConfirmedAction
        label="Clear kept copies…"
        confirmLabel="Clear now"
        id="clear-refused-warning"
        warning={
          <>
            <strong>Delete the kept copies of every refused and rejected delivery?</strong> What is listed about them (time, headers, size) stays.
            Accepted deliveries are not touched.
          </>
        }
        run={clear}
        done="Kept copies cleared."
        disabled={refused.keptBytes === 0}
      />
    </div>
  );
}
