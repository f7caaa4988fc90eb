// First run: nothing has arrived yet. Says why a public address is needed and the steps to get calls here;
// the local webhook URL only under Technical details, labelled as unusable for Marketing Edge.

import type { SettingsResponse } from '../../../shared/api';
import { providerInfo, WHY_PUBLIC_ADDRESS } from '../../../shared/tunnel/providers';
import { useTunnel } from '../data/tunnel';
import { SETUP_PROVIDERS } from '../model/tunnelForm';
import { ExternalLink } from './ExternalLink';
import { LocalAddress } from './publicUrl/LocalAddress';
import { CallWebhookNames } from './publicUrl/CallWebhookNames';

export function FirstRun({
  settings,
  onSettings,
  onSetUpPublicUrl,
}: {
  settings: SettingsResponse | null;
  onSettings(): void;
  onSetUpPublicUrl(): void;
}) {
  const { status } = useTunnel();
  const hasAddress = status !== null && status.provider !== 'none';
  return (
    <section className="empty empty--first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title">No calls yet</h2>
      <p>Call Alerts pops an alert the moment a tracking number rings and keeps every call here, searchable offline.</p>
      <p data-testid="why-public-address">
        <strong>{WHY_PUBLIC_ADDRESS}</strong>
      </p>
      <ol className="steps">
        <li>
          {hasAddress ? (
            <>
              Get a public address: <strong>done</strong> ({providerInfo(status.provider).label}).
            </>
          ) : (
            <>
              <strong>Choose a way to get a public address</strong> under Public URL:
              <ul className="ways">
                {SETUP_PROVIDERS.map((kind) => {
                  const info = providerInfo(kind);
                  return (
                    <li key={kind}>
                      <strong>{info.label}</strong>: {info.summary}
                      {info.links[0] && (
                        <>
                          {' '}
                          <ExternalLink href={info.links[0].href}>{info.links[0].label}</ExternalLink>
                        </>
                      )}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </li>
        <li>
          Send a <strong>test call</strong> from the Public URL view: &quot;Test call received&quot; means calls can reach this PC.
        </li>
        <li>
          In Marketing Edge, open <strong>Settings → Webhooks</strong> and give the public address to each of <CallWebhookNames />.
        </li>
        <li>Optional: add Marketing Edge&apos;s API details, so calls made while this PC was off are fetched too.</li>
      </ol>
      <div className="form-actions">
        <button type="button" className="button button--primary" onClick={onSetUpPublicUrl}>
          {hasAddress ? 'Open the Public URL steps' : 'Set up the public address'}
        </button>
        <button type="button" className="button button--small" onClick={onSettings}>
          Alert settings
        </button>
      </div>
      {settings && <LocalAddress url={settings.webhookUrl} />}
    </section>
  );
}

export function NoMatches({ onClear }: { onClear(): void }) {
  return (
    <section className="empty empty--small">
      <h2>No calls match</h2>
      <p className="muted">Try fewer words or another date range.</p>
      <button type="button" className="button button--small" onClick={onClear}>
        Clear search and filters
      </button>
    </section>
  );
}
