// After the PC was off (or asleep, or offline): what catch-up fetched for that gap, until dismissed.

import type { CatchUpProvider } from '../../../../shared/api';
import { outageSentence, type Outage } from '../../model/outage';
import { PROVIDER_NAMES } from '../../model/windowProblems';

interface Props {
  outage: Outage;
  provider: CatchUpProvider;
  onDismiss(): void;
}

export function OutageNotice({ outage, provider, onDismiss }: Props) {
  const vendor = provider === 'off' ? 'Marketing Edge' : PROVIDER_NAMES[provider];
  return (
    <section className="outage-banner" aria-labelledby="outage-banner-title" data-testid="outage-banner">
      <div className="outage-banner__body">
        <h2 id="outage-banner-title" className="outage-banner__title">
          Calls while this PC was off
        </h2>
        <p>{outageSentence(outage, vendor)}</p>
        {outage.added > 0 && <p className="muted">They did not ring here; they are in the list, marked “fetched later”.</p>}
      </div>
      <div className="outage-banner__actions">
        <button type="button" className="button button--small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </section>
  );
}
