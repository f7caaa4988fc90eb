// One answer of the vendor's calls API kept by catch-up: the request (credentials removed), what came back,
// the calls it filed, Re-process, and the body.

import type { ApiAnswerView } from '../../../../shared/api';
import { formatExactTime } from '../../../../shared/format';
import type { ReprocessOutcome } from '../../data/deliveries';
import { BodyView } from './BodyView';
import { CallLinks } from './CallLinks';
import { DetailFrame, Fact } from './DetailFrame';
import { ReprocessButton } from './ReprocessButton';
import { KIND_LABELS, sizeWords } from './words';

export interface AnswerDetailProps {
  answer: ApiAnswerView;
  now: number;
  onClose: () => void;
  reprocess: (id: number) => Promise<ReprocessOutcome>;
}

export function AnswerDetail({ answer: a, now, onClose, reprocess }: AnswerDetailProps) {
  const title = `Catch-up answer #${a.id}`;
  return (
    <DetailFrame title={title} onClose={onClose}>
      <p className="inspector-detail__summary">
        <span className={`badge badge--kind-${a.outcome}`}>{KIND_LABELS[a.outcome]}</span> <span data-testid="detail-summary">{a.summary}</span>
      </p>
      <dl className="facts">
        <Fact label="Received">
          <time dateTime={a.receivedAt}>{formatExactTime(a.receivedAt, now)}</time>
        </Fact>
        <Fact label="Asked">
          <code className="inspector-url">{a.url}</code>
        </Fact>
        <Fact label="Answer">HTTP {a.status}</Fact>
        <Fact label="Calls in it">{a.resultCount}</Fact>
        <Fact label="Calls filed">{a.calls.length > 0 ? <CallLinks calls={a.calls} /> : <span className="muted">None</span>}</Fact>
        <Fact label="Size">{sizeWords(a.bodySize)}</Fact>
      </dl>
      <ReprocessButton key={a.id} id={`reprocess-answer-${a.id}`} blocked={a.reprocessBlocked} run={() => reprocess(a.id)} />
      <h4>Body</h4>
      <BodyView body={a.body} label={`Body of ${title}`} />
      {a.reason && (
        <details className="inspector-technical">
          <summary>Technical details</summary>
          <p className="inspector-technical__reason">{a.reason}</p>
        </details>
      )}
    </DetailFrame>
  );
}
