// First run of the public URL: what it is for, and the provider form to get one.

import type { TunnelStatus } from '../../../../shared/api';
import type { TunnelState } from '../../data/tunnel';
import { SETUP_PROVIDERS } from '../../model/tunnelForm';
import { ProviderForm } from './ProviderForm';

export function Setup({ status, tunnel, localWebhookUrl }: { status: TunnelStatus; tunnel: TunnelState; localWebhookUrl: string | null }) {
  return (
    <section className="card setup" aria-labelledby="setup-title">
      <h3 id="setup-title">Set up a public URL</h3>
      <p>
        Calls can reach this computer only through a public address. Choose how to get one, give it what it needs, and save: Call Alerts connects and
        checks that the address really reaches it. Then you copy the address into Marketing Edge and send a test call.
      </p>
      <ProviderForm
        settings={status.settings}
        save={tunnel.save}
        localWebhookUrl={localWebhookUrl}
        choices={SETUP_PROVIDERS}
        submitLabel="Save and connect"
      />
    </section>
  );
}
