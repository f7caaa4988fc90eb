// Step 3: where the public address goes in Marketing Edge, the same address for each of the three call
// webhooks, Copy, and "I've added it", which records it as entered (so a later change of address is flagged).

import type { TunnelStatus } from '../../../../shared/api';
import type { TunnelState } from '../../data/tunnel';
import { Feedback } from '../Feedback';
import { MaskedUrl } from '../WebhookUrl';
import { CallWebhookNames } from './CallWebhookNames';

export function MarketingEdgeStep({ status, tunnel }: { status: TunnelStatus; tunnel: TunnelState }) {
  // The banner's confirmation too: one answer, said the same in both places.
  const { busy, outcome: message } = tunnel.confirmation;
  const url = status.publicWebhookUrl;
  const added = url !== null && status.confirmedUrl === url;
  return (
    <section className="card" aria-labelledby="marketing-edge-title">
      <h3 id="marketing-edge-title">Step 3: Give the address to Marketing Edge</h3>
      <ol className="steps">
        <li>
          Sign in to Marketing Edge and open <strong>Settings → Webhooks</strong>.
        </li>
        <li>
          Add a webhook for each of these three, and give each <strong>this same address</strong>: <CallWebhookNames />.
        </li>
        <li>Save them in Marketing Edge, then press &quot;I&apos;ve added it&quot; here.</li>
      </ol>
      {url ? (
        <div className="webhook-url">
          <span className="webhook-url__label" id="marketing-edge-url-label">
            The address for Marketing Edge
          </span>
          <MaskedUrl url={url} labelledBy="marketing-edge-url-label" copyLabel="Copy the address for Marketing Edge" testId="marketing-edge-url" />
          <p className="muted">Keep it private: the hidden part is what lets Marketing Edge in.</p>
        </div>
      ) : (
        <p className="muted">The address appears here once the public address is online (step 1).</p>
      )}
      <div className="form-actions">
        {added ? (
          <p className="notice notice--ok" data-testid="marketing-edge-added">
            Added: Marketing Edge has this address.
          </p>
        ) : (
          <button type="button" className="button button--primary" disabled={url === null || busy} onClick={() => void tunnel.confirm(url!)}>
            I&apos;ve added it
          </button>
        )}
      </div>
      <Feedback message={message} />
    </section>
  );
}
