// What arrived on the webhook, accepted or not: for whoever set the app up and wants to know why a call
// is missing. Bodies are shown as text, pretty-printed when they are JSON. The bodies of refused deliveries
// share a budget, shown here, that can be cleared.

import { useState } from 'react';
import type { DeliveryView, RefusedBodies } from '../../../shared/api';
import { formatWhen } from '../../../shared/format';
import { useDeliveries, type DeliveriesState } from '../data/settings';
import { ConfirmedAction } from './ConfirmedAction';

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

/** Bytes as the file manager shows them ("12 MB"), in binary units. */
function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1).replace(/\.0$/, '') : Math.round(mb)} MB`;
}

/** What of the body is shown, when not all of it. */
function bodyNote(d: DeliveryView): string | null {
  const size = d.bodySize === null ? 'its size is not known' : `it was ${d.bodySize.toLocaleString('en-US')} bytes`;
  const hash = d.bodySha256 ? ` SHA-256 ${d.bodySha256}.` : '';
  switch (d.bodyKept) {
    case 'whole':
      return null;
    case 'head':
      return `Refused: only the start of the body is kept (${size}).${hash}`;
    case 'dropped':
      return `The body was dropped to keep refused bodies within their budget (${size}).${hash}`;
    case 'none':
      return `The body was not read, so nothing of it is kept (${d.bodySize === null ? 'its size is not known' : `${d.bodySize.toLocaleString('en-US')} bytes declared`}).`;
  }
}

function RefusedBodiesBar({ refused, clear }: { refused: RefusedBodies; clear: DeliveriesState['clearRefusedBodies'] }) {
  return (
    <div className="refused-bodies">
      <p data-testid="refused-bodies">
        Refused bodies: {formatBytes(refused.keptBytes)} of {formatBytes(refused.budgetBytes)} kept
      </p>
      <ConfirmedAction
        label="Clear refused bodies…"
        confirmLabel="Clear now"
        id="clear-refused-warning"
        warning={
          <>
            <strong>Delete the bodies of every refused and rejected delivery?</strong> Their records (time, headers, size, SHA-256) stay. Accepted
            deliveries are not touched.
          </>
        }
        run={clear}
        done="Refused bodies cleared."
        disabled={refused.keptBytes === 0}
      />
    </div>
  );
}

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export function DeliveriesView({ now }: { now: number }) {
  const { deliveries, refusedBodies, loaded, error, refresh, clearRefusedBodies } = useDeliveries();
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
      {refusedBodies && <RefusedBodiesBar refused={refusedBodies} clear={clearRefusedBodies} />}
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
                  {bodyNote(d) && <p className="delivery__note">{bodyNote(d)}</p>}
                  {d.body !== '' && <pre className="raw">{prettyBody(d.body)}</pre>}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
