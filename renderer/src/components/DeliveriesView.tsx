// What arrived on the webhook, accepted or not: for whoever set the app up and wants to know why a call
// is missing. Bodies are shown as text, pretty-printed when they are JSON.

import { useState } from 'react';
import type { DeliveryView } from '../../../shared/api';
import { formatWhen } from '../../../shared/format';
import { useDeliveries } from '../data/settings';

const OUTCOME_LABELS: Record<DeliveryView['outcome'], string> = {
  accepted: 'Accepted',
  duplicate: 'Duplicate',
  rejected: 'Rejected',
  failed: 'Stored, not processed',
};

const SIGNATURE_LABELS: Record<DeliveryView['signature'], string> = {
  'not-checked': 'not checked',
  valid: 'valid',
  invalid: 'invalid',
  missing: 'missing',
};

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export function DeliveriesView({ now }: { now: number }) {
  const { deliveries, loaded, error, refresh } = useDeliveries();
  const [openId, setOpenId] = useState<number | null>(null);
  return (
    <section className="page" aria-labelledby="deliveries-title">
      <div className="page__head">
        <h2 id="deliveries-title">Deliveries</h2>
        <p className="muted">The last 100 webhook requests, newest first, including the ones that were refused.</p>
        <button type="button" className="button button--small" onClick={refresh}>
          Refresh
        </button>
      </div>
      {error && (
        <p className="notice notice--error" role="alert">
          Could not load deliveries: {error}
        </p>
      )}
      {loaded && deliveries.length === 0 && !error && <p className="muted">Nothing has arrived on the webhook yet.</p>}
      <ul className="deliveries">
        {deliveries.map((d) => {
          const open = openId === d.id;
          return (
            <li key={d.id} className={`delivery delivery--${d.outcome}`}>
              <button
                type="button"
                className="delivery__summary"
                aria-expanded={open}
                aria-controls={`delivery-${d.id}`}
                onClick={() => setOpenId(open ? null : d.id)}
              >
                <span className={`badge badge--delivery-${d.outcome}`}>{OUTCOME_LABELS[d.outcome]}</span>
                <span className="delivery__status">HTTP {d.status}</span>
                <span className="delivery__actions">{d.actions.length ? d.actions.map((a) => a.replace(/^CallDetails\./, '')).join(', ') : '—'}</span>
                <span className="delivery__signature">Signature {SIGNATURE_LABELS[d.signature]}</span>
                <time className="delivery__when" dateTime={d.receivedAt}>
                  {formatWhen(d.receivedAt, now, undefined, true)}
                </time>
              </button>
              {d.reason && <p className="delivery__reason">{d.reason}</p>}
              {open && (
                <div id={`delivery-${d.id}`} className="delivery__body">
                  <dl className="facts">
                    <div className="facts__row">
                      <dt>Envelope</dt>
                      <dd>{d.envelopeId ?? '—'}</dd>
                    </div>
                    <div className="facts__row">
                      <dt>Attempt</dt>
                      <dd>{d.attempt ?? '—'}</dd>
                    </div>
                    <div className="facts__row">
                      <dt>Notifications</dt>
                      <dd>{d.notificationCount}</dd>
                    </div>
                  </dl>
                  <h3>Headers</h3>
                  <pre className="raw">
                    {Object.entries(d.headers)
                      .map(([k, v]) => `${k}: ${v}`)
                      .join('\n')}
                  </pre>
                  <h3>Body</h3>
                  <pre className="raw">{prettyBody(d.body)}</pre>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
