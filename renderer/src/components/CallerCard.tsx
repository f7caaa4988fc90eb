// The caller card of the open call: the name shown (with Save name / Edit name and its form), the number, the
// line called, the saved note and the caller's earlier calls.

import { useEffect, useRef } from 'react';
import { callerPlace, historyLine, titleIsAName } from '../../../shared/calls/alert';
import type { Call } from '../../../shared/domain';
import { formatWhen } from '../../../shared/format';
import { formatPhone } from '../../../shared/phone';
import { useCallsById } from '../data/calls';
import { callRowView } from '../format/callRow';
import { CopyButton } from './CopyButton';
import { FetchedLater } from './FetchedLater';
import { NameForm } from './NameForm';
import { SavedMark } from './SavedMark';

interface Props {
  call: Call;
  now: number;
  editingName: boolean;
  onEditName(editing: boolean): void;
  onOpen(id: number): void;
}

export function CallerCard({ call, now, editingName, onEditName, onOpen }: Props) {
  const row = callRowView(call, now);
  const number = formatPhone(call.callerNumber);
  const address = call.callerAddress ?? ([call.callerStreet, callerPlace(call), call.callerZip].filter(Boolean).join(', ') || null);
  const nameButton = useRef<HTMLButtonElement>(null);
  // Focus goes back to the button that opened the form, once it is rendered again.
  const refocus = useRef(false);
  useEffect(() => {
    if (editingName || !refocus.current) return;
    refocus.current = false;
    nameButton.current?.focus();
  }, [editingName]);
  const closeForm = () => {
    refocus.current = true;
    onEditName(false);
  };
  return (
    <section className="card caller-card" aria-label="Caller">
      <div className="caller-card__head">
        <h2 id="detail-title" className="caller-card__name">
          {call.displayName}
          {call.contact && <SavedMark />}
        </h2>
        <span className={`badge badge--${row.outcome}`} title={row.outcomeDetail ?? undefined}>
          {row.outcomeLabel}
        </span>
        {call.caughtUp && <FetchedLater />}
      </div>
      {row.outcomeDetail && <p className="caller-card__status muted">{row.outcomeDetail}</p>}
      {number && (
        <p className="caller-card__number">
          {/* A title that is the number already says it. */}
          {titleIsAName(call) && <span data-testid="caller-number">{number}</span>}
          <CopyButton text={number} label="Copy caller number" />
          {!editingName && (
            <button ref={nameButton} type="button" className="button button--ghost button--small" onClick={() => onEditName(true)}>
              {call.contact ? 'Edit name' : 'Save name'}
            </button>
          )}
        </p>
      )}
      {editingName && call.callerNumber && <NameForm call={call} onDone={closeForm} />}
      {call.contact?.note && !editingName && <p className="caller-card__note">Note: {call.contact.note}</p>}
      {call.lineLabel && (
        <p className="caller-card__line" data-testid="caller-line">
          Line: {call.lineLabel}
          {call.calledNumber && ` · ${formatPhone(call.calledNumber)}`}
        </p>
      )}
      {address && <p className="caller-card__address">{address}</p>}
      <PriorCalls call={call} now={now} onOpen={onOpen} />
    </section>
  );
}

function PriorCalls({ call, now, onOpen }: { call: Call; now: number; onOpen(id: number): void }) {
  const earlier = useCallsById(call.priorCalls.recentIds);
  if (call.priorCalls.count === 0) return <p className="muted">First call from this number.</p>;
  return (
    <div className="prior-calls">
      <p className="prior-calls__line">{historyLine(call, { now })}</p>
      <ul className="prior-calls__list" aria-label="Earlier calls from this number">
        {call.priorCalls.recentIds.map((id) => {
          const prior = earlier.get(id);
          const v = prior ? callRowView(prior, now) : null;
          const when = prior?.startedAt ? formatWhen(prior.startedAt, now, undefined, true) : `Call ${id}`;
          return (
            <li key={id}>
              <button type="button" className="link-button" onClick={() => onOpen(id)}>
                {when}
              </button>
              {v && <span className={`badge badge--small badge--${v.outcome}`}>{v.outcomeLabel}</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
