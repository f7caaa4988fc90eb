// The bodies kept of refused and rejected deliveries share a budget (the oldest are dropped past it); shown
// with a way to clear them, after a confirmation.

import type { RefusedBodies } from '../../../../shared/api';
import { ConfirmedAction } from '../ConfirmedAction';
import { formatBytes } from './words';

export function RefusedBodiesBar({ refused, clear }: { refused: RefusedBodies; clear: () => Promise<string | null> }) {
  return (
    <div className="refused-bodies">
      <p data-testid="refused-bodies">
        Refused bodies: {formatBytes(refused.keptBytes)} of {formatBytes(refused.budgetBytes)} kept
      </p>
      <ConfirmedAction
        label="Clear refused bodies…"
        confirmLabel="Clear now"
        id="clear-refused-warning"
        warning={
          <>
            <strong>Delete the bodies of every refused and rejected delivery?</strong> Their records (time, headers, size, SHA-256) stay. Accepted
            deliveries are not touched.
          </>
        }
        run={clear}
        done="Refused bodies cleared."
        disabled={refused.keptBytes === 0}
      />
    </div>
  );
}
