// The open call: caller card, what happened, recording, transcript, attribution and the webhook events
// received. Every value from a webhook is rendered as React text, never as HTML.

import type { StoredEventView } from '../../../shared/api';
import type { Call } from '../../../shared/domain';
import { formatDuration, formatWhen } from '../../../shared/format';
import { formatPhone } from '../../../shared/phone';
import { highlightKeywords, keywordSpan, keywordWords, transcriptTurns } from '../../../shared/transcript';
import { isWebUrl } from '../format/urls';
import { useCallDetail, useOpenExternal } from '../data/calls';
import { CallerCard } from './CallerCard';
import { CopyButton } from './CopyButton';

interface Props {
  id: number;
  now: number;
  /** The name form of the caller card is open. */
  editingName: boolean;
  onEditName(editing: boolean): void;
  onOpen(id: number): void;
  onClose(): void;
}

interface BodyProps extends Omit<Props, 'id' | 'onClose'> {
  call: Call;
  events: StoredEventView[];
}

const ACTION_LABELS: Record<StoredEventView['kind'], string> = {
  start: 'Call Start',
  preprocessed: 'Call Preprocessed (call ended)',
  processed: 'Call Processed (details updated)',
  other: 'Other notification',
};

export function CallDetail({ id, now, editingName, onEditName, onOpen, onClose }: Props) {
  const { detail, loading, notFound, error } = useCallDetail(id);
  return (
    <article className="detail" aria-labelledby="detail-title" aria-busy={loading}>
      <div className="detail__bar">
        <button type="button" className="button button--ghost button--small" onClick={onClose} aria-label="Close call detail">
          Close
        </button>
      </div>
      {notFound && <p className="notice">This call is not in the history (it may be from another data folder).</p>}
      {error && (
        <p className="notice notice--error" role="alert">
          Could not load the call: {error}
        </p>
      )}
      {!detail && loading && <p className="muted">Loading call…</p>}
      {detail && <CallBody call={detail.call} events={detail.events} now={now} editingName={editingName} onEditName={onEditName} onOpen={onOpen} />}
    </article>
  );
}

function CallBody({ call, events, now, editingName, onEditName, onOpen }: BodyProps) {
  return (
    <>
      <CallerCard call={call} now={now} editingName={editingName} onEditName={onEditName} onOpen={onOpen} />

      <section className="card" aria-labelledby="facts-title">
        <h3 id="facts-title">Call</h3>
        <dl className="facts">
          <Fact label="Started" value={call.startedAt ? formatWhen(call.startedAt, now, undefined, true) : null} />
          <Fact label="Answered" value={call.answeredAt ? formatWhen(call.answeredAt, now, undefined, true) : null} />
          <Fact label="Duration" value={formatDuration(call.durationSeconds) || null} />
          <Fact label="Rings" value={call.ringCount === null ? null : String(call.ringCount)} />
          <Fact label="Tracking number" value={formatPhone(call.calledNumber)} />
          <Fact label="Forwarded to" value={formatPhone(call.terminationNumber)} />
          <Fact label="Ad source" value={call.adSource} />
        </dl>
      </section>

      <Recording url={call.recordingUrl} />
      <Transcript call={call} />
      <Attribution call={call} />
      <Timeline events={events} now={now} />
    </>
  );
}

function Fact({ label, value }: { label: string; value: string | null }) {
  if (!value) return null;
  return (
    <div className="facts__row">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function Recording({ url }: { url: string | null }) {
  const openExternal = useOpenExternal();
  if (!url) return null;
  const playable = isWebUrl(url);
  return (
    <section className="card" aria-labelledby="recording-title">
      <h3 id="recording-title">Recording</h3>
      {playable ? (
        <>
          <audio className="recording__player" controls preload="none" src={url} aria-label="Call recording" />
          <div className="recording__actions">
            <button type="button" className="button button--small" onClick={() => void openExternal(url)}>
              Open in browser
            </button>
            <CopyButton text={url} label="Copy recording link" />
          </div>
        </>
      ) : (
        <p className="muted">The recording link is not a web address: {url}</p>
      )}
    </section>
  );
}

function Transcript({ call }: { call: Call }) {
  const turns = transcriptTurns(call.transcript);
  if (turns.length === 0) return null;
  const keywords = keywordWords(call.keywords);
  return (
    <section className="card" aria-labelledby="transcript-title">
      <h3 id="transcript-title">Transcript</h3>
      {call.keywords.length > 0 && (
        <ul className="keywords" aria-label="Keywords spotted">
          {call.keywords.map((k, i) => {
            const said = [keywordSpan(k.caller) && `caller ${keywordSpan(k.caller)}`, keywordSpan(k.agent) && `agent ${keywordSpan(k.agent)}`].filter(
              Boolean,
            );
            return (
              <li key={`${k.list}-${k.keyword}-${i}`} className="chip chip--keyword" title={said.join(', ')}>
                {k.keyword}
                {k.list && <span className="chip__note">{k.list}</span>}
              </li>
            );
          })}
        </ul>
      )}
      <ol className="transcript">
        {turns.map((turn, i) => (
          <li key={i} className={`turn turn--${turn.speaker ?? 'unknown'}`}>
            <span className="turn__speaker">{turn.speaker === 'caller' ? 'Caller' : turn.speaker === 'agent' ? 'Agent' : '—'}</span>
            <span className="turn__text">
              {highlightKeywords(turn.text, keywords).map((segment, j) =>
                segment.keyword ? (
                  <mark key={j} className="keyword-hit">
                    {segment.text}
                  </mark>
                ) : (
                  segment.text
                ),
              )}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Attribution({ call }: { call: Call }) {
  const a = call.attribution;
  const rows: [string, string | null][] = [
    ['Source', a.source],
    ['Medium', a.medium],
    ['Campaign', a.campaign],
    ['Keyword', a.term],
    ['Content', a.content],
    ['Landing page', a.landingPage],
    ['Referrer', a.referrer],
    ['Rule', a.rule],
    ['Ad', call.adName],
    ['Advertiser', call.advertiserName],
    ['Group', call.orgGroupName],
  ];
  if (!rows.some(([, v]) => v)) return null;
  return (
    <section className="card" aria-labelledby="attribution-title">
      <h3 id="attribution-title">Attribution</h3>
      <dl className="facts">
        {rows.map(([label, value]) => (
          <Fact key={label} label={label} value={value} />
        ))}
      </dl>
    </section>
  );
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function Timeline({ events, now }: { events: StoredEventView[]; now: number }) {
  if (events.length === 0) return null;
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h3 id="timeline-title">Webhook events</h3>
      <ol className="timeline">
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
                {e.action} · delivery {e.deliveryId}
                {e.event.warnings.length > 0 && ` · ${e.event.warnings.length} warning(s): ${e.event.warnings.join('; ')}`}
              </p>
              <pre className="raw">{prettyJson(e.raw)}</pre>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
