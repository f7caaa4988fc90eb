// The webhook listener on this PC, for whoever sets up a router forward or a tunnel: behind a disclosure, and
// labelled so nobody pastes it into Marketing Edge.

import { listenerOrigin } from '../../model/webhookAddress';
import { MaskedUrl } from '../WebhookUrl';

export const LOCAL_ADDRESS_LABEL = 'This address works only on this PC — Marketing Edge cannot use it';

export function LocalAddress({ url }: { url: string }) {
  return (
    <details className="technical-details" data-testid="local-address">
      <summary>Technical details</summary>
      <p className="technical-details__label" id="local-address-label">
        {LOCAL_ADDRESS_LABEL}
      </p>
      <MaskedUrl url={url} labelledBy="local-address-label" copyLabel="Copy the address on this PC" testId="local-webhook-url" />
      <p className="muted">
        A router forward or a tunnel sends calls to <code>{listenerOrigin(url)}</code> on this PC (the listener Call Alerts runs).
      </p>
    </details>
  );
}
