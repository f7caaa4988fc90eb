// The public URL, as the four steps of setting it up: choose a way (then its status), the test call, where
// to paste the address in Marketing Edge, and the optional catch-up. The local address is only a technical detail.

import { WHY_PUBLIC_ADDRESS } from '../../../../shared/tunnel/providers';
import type { CatchUpState } from '../../data/catchUp';
import type { TunnelState } from '../../data/tunnel';
import { SETUP_PROVIDERS } from '../../model/tunnelForm';
import { CatchUpSettings } from '../CatchUpSettings';
import { LocalAddress } from './LocalAddress';
import { MarketingEdgeStep } from './MarketingEdgeStep';
import { ProviderForm } from './ProviderForm';
import { StatusCard } from './StatusCard';
import { TestCallCard } from './TestCallCard';

interface Props {
  tunnel: TunnelState;
  catchUp: CatchUpState;
  now: number;
  /** The webhook listener on this PC: what a port forward or tunnel must reach, shown under Technical details. */
  localWebhookUrl: string | null;
  onOpenCall(id: number): void;
}

export function PublicUrlView({ tunnel, catchUp, now, localWebhookUrl, onOpenCall }: Props) {
  const { status, error } = tunnel;
  const settingUp = status !== null && status.provider === 'none';
  return (
    <section className="page public-url" aria-labelledby="public-url-title">
      <div className="page__head">
        <h2 id="public-url-title">Public URL</h2>
        <p data-testid="why-public-address">{WHY_PUBLIC_ADDRESS}</p>
      </div>
      {error && (
        <p className="notice notice--error" role="alert">
          Could not read the public URL's status: {error}
        </p>
      )}
      {status && (
        <ol className="setup-steps">
          <li className="setup-steps__step">
            <section className="card" aria-labelledby="setup-title">
              <h3 id="setup-title">{settingUp ? 'Step 1: Choose a way to get a public address' : 'Step 1: The public address'}</h3>
              {settingUp ? (
                <ProviderForm settings={status.settings} save={tunnel.save} choices={SETUP_PROVIDERS} submitLabel="Save and connect" />
              ) : (
                <>
                  <StatusCard status={status} tunnel={tunnel} />
                  <section aria-labelledby="provider-title">
                    <h4 id="provider-title">Change the way</h4>
                    <ProviderForm
                      settings={status.settings}
                      save={tunnel.save}
                      choices={[...SETUP_PROVIDERS, 'none']}
                      submitLabel="Save and reconnect"
                    />
                  </section>
                </>
              )}
              {localWebhookUrl && <LocalAddress url={localWebhookUrl} />}
            </section>
          </li>
          <li className="setup-steps__step">
            <TestCallCard status={status} tunnel={tunnel} onOpenCall={onOpenCall} />
          </li>
          <li className="setup-steps__step">
            <MarketingEdgeStep status={status} tunnel={tunnel} />
          </li>
          <li className="setup-steps__step">
            <CatchUpSettings
              catchUp={catchUp}
              now={now}
              title="Step 4 (optional): Fetch calls missed while this PC was off"
              intro="Optional. With Marketing Edge's API details, Call Alerts fetches the calls made while this PC was off or offline, and can import your recent calls now."
            />
          </li>
        </ol>
      )}
    </section>
  );
}
