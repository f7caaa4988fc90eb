// One delivery as it arrived: what happened in words, its id and sending, the calls it touched, Re-process, its
// headers and its body; the recorded technical reason behind a disclosure.

import type { DeliveryView } from '../../../../shared/api';
import { formatExactTime } from '../../../../shared/format';
import type { ReprocessOutcome } from '../../data/deliveries';
import { maskWebhookUrl } from '../../model/webhookAddress';
import { BodyView } from './BodyView';
import { CallLinks } from './CallLinks';
import { DetailFrame, Fact } from './DetailFrame';
import { ReprocessButton } from './ReprocessButton';
import { bodyKeptWords, deliveryTitle, KIND_LABELS, SIGNATURE_WORDS, sizeWords } from './words';

function Headers({ headers }: { headers: Record<string, string> }) {
  const rows = Object.entries(headers);
  if (rows.length === 0) return <p className="muted">No headers are kept.</p>;
  return (
    // Focusable, so a keyboard can scroll a long list of headers.
    <div className="inspector-table-scroll" tabIndex={0} role="region" aria-label="Headers as received">
      <table className="inspector-headers">
        <caption className="visually-hidden">Headers as received</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              {/* The core masks them too; a proxy's X-Forwarded-Uri may still carry the webhook token. */}
              <td>{maskWebhookUrl(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface DeliveryDetailProps {
  delivery: DeliveryView;
  now: number;
  onClose: () => void;
  reprocess: (id: number) => Promise<ReprocessOutcome>;
}

export function DeliveryDetail({ delivery: d, now, onClose, reprocess }: DeliveryDetailProps) {
  return (
    <DetailFrame title={deliveryTitle(d)} onClose={onClose}>
      <p className="inspector-detail__summary">
        <span className={`badge badge--kind-${d.kind}`}>{KIND_LABELS[d.kind]}</span> <span data-testid="detail-summary">{d.summary}</span>
      </p>
      <dl className="facts">
        <Fact label="Received">
          <time dateTime={d.receivedAt}>{formatExactTime(d.receivedAt, now)}</time>
        </Fact>
        <Fact label="Calls">{d.calls.length > 0 ? <CallLinks calls={d.calls} /> : <span className="muted">None: it reached no call</span>}</Fact>
        <Fact label="Delivery id from Marketing Edge">{d.envelopeId ? <code>{d.envelopeId}</code> : <span className="muted">None</span>}</Fact>
        <Fact label="Attempt">
          {d.attempt === null ? <span className="muted">Not given</span> : d.attempt === 1 ? '1 (first sending)' : `${d.attempt} (sent again)`}
        </Fact>
        <Fact label="Came from Marketing Edge">{SIGNATURE_WORDS[d.signature]}</Fact>
        <Fact label="Size">{sizeWords(d.bodySize)}</Fact>
      </dl>
      <ReprocessButton key={d.id} id={`reprocess-delivery-${d.id}`} blocked={d.reprocessBlocked} run={() => reprocess(d.id)} />
      <h4>Headers</h4>
      <Headers headers={d.headers} />
      <h4>Body</h4>
      <p className="muted" data-testid="body-kept">
        {bodyKeptWords(d.bodyKept)}
      </p>
      {(d.bodyKept === 'whole' || d.bodyKept === 'head') && <BodyView body={d.body} label={`Body of ${deliveryTitle(d)}`} />}
      <details className="inspector-technical">
        <summary>Technical details</summary>
        <dl className="facts">
          <Fact label="HTTP status">{d.status}</Fact>
          <Fact label="Recorded reason">{d.reason ?? <span className="muted">None</span>}</Fact>
          <Fact label="Notifications">{d.notificationCount}</Fact>
          <Fact label="Actions">{d.actions.length > 0 ? d.actions.join(', ') : <span className="muted">None</span>}</Fact>
          {d.bodySha256 && (
            <Fact label="SHA-256">
              <code className="inspector-hash">{d.bodySha256}</code>
            </Fact>
          )}
        </dl>
      </details>
    </DetailFrame>
  );
}
