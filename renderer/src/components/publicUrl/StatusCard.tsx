// The public URL's state: the address to give Marketing Edge, what went wrong and when it is tried again, the self-test.

import { useState } from 'react';
import type { TunnelStatus } from '../../../../shared/api';
import { formatWhen } from '../../../../shared/format';
import { providerInfo } from '../../../../shared/tunnel/providers';
import { useNow } from '../../data/time';
import type { Outcome, TunnelState } from '../../data/tunnel';
import { checkSummary, retryLine, STATE_LABELS } from '../../format/tunnel';
import { Feedback } from '../Feedback';
import { WebhookUrlValue } from '../WebhookUrl';

const STATE_HINTS: Record<TunnelStatus['state'], string> = {
  off: '',
  starting: 'Connecting and checking that the address reaches this computer…',
  online: 'Call Alerts checked it: the public address reaches this PC.',
  reconnecting: '',
  failed: '',
};

export function StatusCard({ status, tunnel }: { status: TunnelStatus; tunnel: TunnelState }) {
  // The retry countdown ticks each second; otherwise the clock only needs to move the "today 2:14 PM" words.
  const now = useNow(status.state === 'reconnecting' ? 1000 : 30_000);
  const [busy, setBusy] = useState<'check' | 'restart' | null>(null);
  const [message, setMessage] = useState<Outcome | null>(null);
  const retry = retryLine(status, now);
  const run = async (which: 'check' | 'restart') => {
    setBusy(which);
    setMessage(which === 'check' ? await tunnel.check() : await tunnel.restart());
    setBusy(null);
  };
  const info = providerInfo(status.provider);
  return (
    <section className="tunnel-status" aria-labelledby="tunnel-status-title">
      <h4 id="tunnel-status-title">Status</h4>
      <div className="tunnel-status__state" aria-live="polite">
        <span className={`state-pill state-pill--${status.state}`} data-testid="tunnel-state">
          {STATE_LABELS[status.state]}
        </span>
        <span className="muted">
          {info.label} · since {formatWhen(status.since, now, undefined, true)}
        </span>
      </div>
      {status.state === 'online' && !status.verified ? (
        // The link is kept: Marketing Edge, out on the internet, may well reach what this PC cannot.
        <p className="notice notice--warn" data-testid="tunnel-unverified">
          {status.unverifiedReason ?? 'This PC cannot check its own public address; Marketing Edge may still reach it.'}
        </p>
      ) : (
        STATE_HINTS[status.state] && <p className="muted">{STATE_HINTS[status.state]}</p>
      )}
      {status.error && status.state !== 'online' && (
        <div className="notice notice--error tunnel-status__problem" data-testid="tunnel-error">
          <p>{status.error}</p>
          {retry && <p className="tunnel-status__retry">{retry}</p>}
        </div>
      )}
      {status.caveat && <p className="notice notice--warn">{status.caveat}</p>}
      {!status.caveat && !status.urlStable && (
        <p className="notice notice--warn">This address changes every time the tunnel starts: Marketing Edge will need the new one each time.</p>
      )}

      <div className="webhook-url tunnel-status__url">
        <WebhookUrlValue
          id="public-webhook-url-label"
          label="The address for Marketing Edge"
          url={status.publicWebhookUrl}
          copyLabel="Copy the public address for Marketing Edge"
          testId="public-webhook-url"
          pending={`No public address yet${status.state === 'starting' ? ': waiting for the tunnel…' : '.'}`}
        />
        {status.publicWebhookUrl && (
          <p className="muted">
            {status.urlChanged ? 'Not given to Marketing Edge yet: see step 3 below.' : 'You marked this address as given to Marketing Edge.'}
          </p>
        )}
      </div>

      <dl className="facts tunnel-status__facts">
        <div className="facts__row">
          <dt>Last check that it reaches this PC</dt>
          <dd data-testid="tunnel-last-check">{checkSummary(status.lastCheck, now)}</dd>
        </div>
      </dl>
      <div className="form-actions">
        <button
          type="button"
          className="button button--small"
          disabled={busy !== null || status.state === 'starting'}
          onClick={() => void run('check')}
        >
          {busy === 'check' ? 'Checking…' : 'Check now'}
        </button>
        <button type="button" className="button button--small" disabled={busy !== null} onClick={() => void run('restart')}>
          Reconnect
        </button>
      </div>
      <Feedback message={message} />
    </section>
  );
}
