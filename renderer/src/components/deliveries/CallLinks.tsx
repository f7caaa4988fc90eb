// The calls a delivery or answer touched, each a link that opens it in the call list.

import type { DeliveryCallLink } from '../../../../shared/api';
import { callHref } from '../../model/route';

export function CallLinks({ calls, max = Infinity }: { calls: DeliveryCallLink[]; max?: number }) {
  if (calls.length === 0) return null;
  const shown = calls.slice(0, max);
  return (
    <span className="inspector-calls">
      {shown.map((c) => (
        <span key={c.callId} className="inspector-calls__call">
          {c.isTest && <span className="chip chip--test">Test call</span>}
          <a href={callHref(c.callId)} className="inspector-calls__link">
            {c.displayName}
          </a>
        </span>
      ))}
      {calls.length > shown.length && <span className="muted">and {calls.length - shown.length} more</span>}
    </span>
  );
}
