// The open call: caller card, a voicemail's message and player first, the call-back entry and notes, what
// happened, the recording, transcript and attribution, and at the end, closed, the technical details. Every
// value from a webhook is rendered as React text, never as HTML.

import type { CallDetailResponse } from '../../../shared/api';
import type { Call } from '../../../shared/domain';
import { formatDuration, formatWhen } from '../../../shared/format';
import { formatPhone } from '../../../shared/phone';
import { useCallDetail } from '../data/calls';
import { useMarkOpened } from '../data/opened';
import { rowOutcome } from '../format/callRow';
import { CallerCard } from './CallerCard';
import { CallFollowUp } from './callBacks/CallFollowUp';
import { RecordingPlayer } from './callDetail/RecordingPlayer';
import { TechnicalDetails } from './callDetail/TechnicalDetails';
import { Transcript, voicemailMessage } from './callDetail/Transcript';

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
  detail: CallDetailResponse;
}

export function CallDetail({ id, now, editingName, onEditName, onOpen, onClose }: Props) {
  const { detail, loading, notFound, error } = useCallDetail(id);
  useMarkOpened(detail?.call ?? null);
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
      {detail && <CallBody detail={detail} now={now} editingName={editingName} onEditName={onEditName} onOpen={onOpen} />}
    </article>
  );
}

function CallBody({ detail, now, editingName, onEditName, onOpen }: BodyProps) {
  const { call, events } = detail;
  const outcome = rowOutcome(call, now);
  const voicemail = outcome === 'voicemail';
  // Nobody talked on a missed call: its 0:00 is no duration.
  const talked = outcome === 'answered' || outcome === 'ended';
  const message = voicemail ? voicemailMessage(call.transcript) : null;
  return (
    <>
      <CallerCard call={call} now={now} editingName={editingName} onEditName={onEditName} onOpen={onOpen} />

      {voicemail && (
        <section className="card voicemail" aria-labelledby="voicemail-title">
          <h3 id="voicemail-title">Voicemail</h3>
          {message ? <blockquote className="voicemail__message">{message}</blockquote> : <p className="muted">No transcript of the message.</p>}
          {call.recording ? (
            <RecordingPlayer recording={call.recording} label="Voicemail message" />
          ) : (
            <p className="muted">No recording of the message.</p>
          )}
        </section>
      )}

      <CallFollowUp detail={detail} now={now} />

      <section className="card" aria-labelledby="facts-title">
        <h3 id="facts-title">Call</h3>
        <dl className="facts">
          <Fact label="Started" value={call.startedAt ? formatWhen(call.startedAt, now, undefined, true) : null} />
          <Fact label="Answered" value={call.answeredAt ? formatWhen(call.answeredAt, now, undefined, true) : null} />
          <Fact label="Duration" value={talked ? formatDuration(call.durationSeconds) || null : null} />
          <Fact label="Called again" value={call.calledAgainAt ? formatWhen(call.calledAgainAt, now, undefined, true) : null} />
          <Fact label="Rings" value={call.ringCount === null ? null : String(call.ringCount)} />
          <Fact label="Tracking number" value={formatPhone(call.calledNumber)} />
          <Fact label="Forwarded to" value={formatPhone(call.terminationNumber)} />
          <Fact label="Ad source" value={call.adSource} />
        </dl>
      </section>

      {!voicemail && call.recording && (
        <section className="card" aria-labelledby="recording-title">
          <h3 id="recording-title">Recording</h3>
          <RecordingPlayer recording={call.recording} label="Call recording" />
        </section>
      )}
      <Transcript call={call} />
      <Attribution call={call} />
      <TechnicalDetails recordingUrl={call.recordingUrl} events={events} now={now} />
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
