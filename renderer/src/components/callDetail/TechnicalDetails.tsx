// What only support needs: the vendor's recording link and every webhook event as received, closed by default
// at the end of the detail so the call itself reads first.

import type { StoredEventView } from '../../../../shared/api';
import { formatWhen } from '../../../../shared/format';
import { deliveryHref } from '../../model/route';
import { CopyButton } from '../CopyButton';
import { readJsonBody } from '../../format/jsonBody';

const ACTION_LABELS: Record<StoredEventView['kind'], string> = {
  start: 'Call Start',
  preprocessed: 'Call Preprocessed (call ended)',
  processed: 'Call Processed (details updated)',
  other: 'Other notification',
};

/** The inspector's reader: JSON.parse would round a long id and drop a key sent twice. */
function prettyJson(text: string): string {
  const reading = readJsonBody(text);
  return reading.ok ? reading.pretty : text;
}

export function TechnicalDetails({ recordingUrl, events, now }: { recordingUrl: string | null; events: StoredEventView[]; now: number }) {
  if (!recordingUrl && events.length === 0) return null;
  return (
    <details className="card technical">
      <summary>
        <h3 className="technical__title">Technical details</h3>
      </summary>
      {recordingUrl && (
        <div className="technical__link">
          <span className="muted">Recording at the vendor</span>
          <code className="technical__url">{recordingUrl}</code>
          <CopyButton text={recordingUrl} label="Copy recording link" />
        </div>
      )}
      {events.length > 0 && (
        <>
          <h4 id="timeline-title">Webhook events</h4>
          <ol className="timeline" aria-labelledby="timeline-title">
            {events.map((e) => (
              <li key={e.id} className={`timeline__item timeline__item--${e.kind}`}>
                <details>
                  <summary>
                    <span className="timeline__label">{ACTION_LABELS[e.kind]}</span>
                    <time className="timeline__time" dateTime={e.receivedAt}>
                      {formatWhen(e.receivedAt, now, undefined, true)}
                    </time>
                  </summary>
                  <p className="muted">
                    {e.action} ·{' '}
                    <a href={deliveryHref(e.deliveryId)} className="timeline__delivery">
                      See delivery #{e.deliveryId} in Deliveries
                    </a>
                    {e.event.warnings.length > 0 && ` · ${e.event.warnings.length} warning(s): ${e.event.warnings.join('; ')}`}
                  </p>
                  <pre className="raw">{prettyJson(e.raw)}</pre>
                </details>
              </li>
            ))}
          </ol>
        </>
      )}
    </details>
  );
}
