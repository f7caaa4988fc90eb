// The public URL (tunnel): first-run setup (choose a provider, paste what it needs, watch it come online),
// then its status with the URL to copy, the self-test, the test call and the provider's settings.

import type { TunnelState } from '../../data/tunnel';
import { SETUP_PROVIDERS } from '../../model/tunnelForm';
import { ProviderForm } from './ProviderForm';
import { Setup } from './Setup';
import { StatusCard } from './StatusCard';
import { TestCallCard } from './TestCallCard';

interface Props {
  tunnel: TunnelState;
  /** The webhook listener on this PC: what a port forward or proxy must reach. */
  localWebhookUrl: string | null;
  onOpenCall(id: number): void;
}

export function PublicUrlView({ tunnel, localWebhookUrl, onOpenCall }: Props) {
  const { status, error } = tunnel;
  const settingUp = status !== null && status.provider === 'none';
  return (
    <section className="page public-url" aria-labelledby="public-url-title">
      <div className="page__head">
        <h2 id="public-url-title">Public URL</h2>
        <p className="muted">Marketing Edge sends each call's webhooks to a public address that forwards them to this computer.</p>
      </div>
      {error && (
        <p className="notice notice--error" role="alert">
          Could not read the public URL's status: {error}
        </p>
      )}
      {status && settingUp && <Setup status={status} tunnel={tunnel} localWebhookUrl={localWebhookUrl} />}
      {status && !settingUp && (
        <>
          <StatusCard status={status} tunnel={tunnel} />
          <TestCallCard status={status} tunnel={tunnel} onOpenCall={onOpenCall} />
          <section className="card" aria-labelledby="provider-title">
            <h3 id="provider-title">Provider</h3>
            <ProviderForm
              settings={status.settings}
              save={tunnel.save}
              localWebhookUrl={localWebhookUrl}
              choices={[...SETUP_PROVIDERS, 'none']}
              submitLabel="Save and reconnect"
            />
          </section>
        </>
      )}
    </section>
  );
}
