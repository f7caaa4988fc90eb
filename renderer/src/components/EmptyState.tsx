// First run: nothing has arrived yet. Says what to do and shows the webhook URL to paste into Marketing Edge.

import type { SettingsResponse } from '../../../shared/api';
import { WebhookUrlValue } from './WebhookUrl';

export function FirstRun({
  settings,
  onSettings,
  onSetUpPublicUrl,
}: {
  settings: SettingsResponse | null;
  onSettings(): void;
  onSetUpPublicUrl(): void;
}) {
  return (
    <section className="empty" aria-labelledby="first-run-title">
      <h2 id="first-run-title">No calls yet</h2>
      <p>Call Alerts pops an alert the moment a tracking number rings and keeps every call here, searchable offline. To start receiving calls:</p>
      <ol className="steps">
        <li>
          Give this PC a public URL (ngrok, Cloudflare Tunnel or your own address) under <strong>Public URL</strong>: it forwards to the webhook URL
          below, and Call Alerts checks that it does.
        </li>
        <li>
          In Marketing Edge, open <strong>Settings → Webhooks</strong> and add a webhook for <strong>Call Start</strong>,{' '}
          <strong>Call Preprocessed</strong> and <strong>Call Processed</strong> with the public address of this URL.
        </li>
        <li>Make a test call to a tracking number: it appears here at once.</li>
      </ol>
      <div className="webhook-url">
        <WebhookUrlValue
          id="webhook-url-label"
          label="Webhook URL on this PC"
          url={settings?.webhookUrl ?? null}
          copyLabel="Copy webhook URL"
          testId="webhook-url"
          pending="Loading…"
        />
        <p className="muted">Keep this URL private: the random part is what lets Marketing Edge in.</p>
      </div>
      <div className="form-actions">
        <button type="button" className="button button--small button--primary" onClick={onSetUpPublicUrl}>
          Set up the public URL
        </button>
        <button type="button" className="button button--small" onClick={onSettings}>
          Signature and alert settings
        </button>
      </div>
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
