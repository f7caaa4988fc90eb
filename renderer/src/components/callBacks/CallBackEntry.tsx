// One caller to call back: who, how many calls and when, the voicemail's message and player, Call back (a
// tel: link), Done, and the entry's calls. And one entry done today: who, how it closed, its note.

import type { CallDetailResponse } from '../../../../shared/api';
import type { FollowUp } from '../../../../shared/domain';
import { useEntryCalls } from '../../data/followUps';
import { OUTCOME_LABELS, rowOutcome } from '../../format/callRow';
import { callHref } from '../../model/route';
import { entryNumber, entrySummary, entryVoicemail, resolutionText, whenText } from '../../model/callBacks';
import { RecordingPlayer } from '../callDetail/RecordingPlayer';
import { voicemailMessage } from '../callDetail/Transcript';
import { CallBackLink, DoneForm, NoteForm, NotesList, ReopenButton } from './FollowUpForms';

/** Links to at most this many of an entry's calls (each one read for its outcome and time). */
const SHOWN_CALLS = 5;

interface Props {
  entry: FollowUp;
  now: number;
  onOpenCall(id: number): void;
}

function Who({ entry, headingId }: { entry: FollowUp; headingId: string }) {
  const number = entryNumber(entry);
  return (
    <div className="call-back__who">
      <h3 id={headingId} className="call-back__name">
        {entry.displayName}
      </h3>
      {number && <span className="call-back__number">{number}</span>}
    </div>
  );
}

export function CallBackEntry({ entry, now, onOpenCall }: Props) {
  const shownIds = entry.callIds.slice(0, SHOWN_CALLS);
  const details = useEntryCalls(shownIds);
  const calls = new Map([...details].map(([id, d]) => [id, d.call]));
  const voicemail = entryVoicemail(entry, calls);
  const headingId = `call-back-${entry.id}`;
  return (
    <li className={`call-back call-back--${entry.reason}`} aria-labelledby={headingId} data-follow-up-id={entry.id}>
      <div className="call-back__head">
        <Who entry={entry} headingId={headingId} />
        <span className={`badge badge--${entry.reason}`} data-testid="call-back-summary">
          {entrySummary(entry, now)}
        </span>
      </div>
      {voicemail && <Voicemail detail={details.get(voicemail.id)!} />}
      <div className="call-back__actions">
        <CallBackLink callerNumber={entry.callerNumber} />
        <DoneForm callId={entry.lastCallId} who={entry.displayName} />
      </div>
      <ul className="call-back__calls" aria-label={`Calls from ${entry.displayName}`}>
        {shownIds.map((id) => {
          const call = calls.get(id);
          const outcome = call ? rowOutcome(call, now) : null;
          const words = outcome ? OUTCOME_LABELS[outcome] : 'Call';
          return (
            <li key={id}>
              <a
                href={callHref(id)}
                className="call-back__call"
                onClick={(e) => {
                  e.preventDefault();
                  onOpenCall(id);
                }}
              >
                {words}
                {call?.startedAt ? ` · ${whenText(call.startedAt, now)}` : ''}
              </a>
            </li>
          );
        })}
        {entry.callIds.length > SHOWN_CALLS && <li className="muted">and {entry.callIds.length - SHOWN_CALLS} more</li>}
      </ul>
    </li>
  );
}

function Voicemail({ detail }: { detail: CallDetailResponse }) {
  const { call } = detail;
  const message = voicemailMessage(call.transcript);
  return (
    <div className="call-back__voicemail">
      {message ? <blockquote className="call-back__message">{message}</blockquote> : <p className="muted">No transcript of the message yet.</p>}
      {call.recording ? (
        <RecordingPlayer recording={call.recording} label={`Voicemail from ${call.displayName}`} />
      ) : (
        <p className="muted">No recording of the message.</p>
      )}
    </div>
  );
}

/** An entry closed today: how it closed, its note and the notes added after, with Reopen and Add note. */
export function DoneEntry({ entry, now }: { entry: FollowUp; now: number }) {
  const details = useEntryCalls([entry.lastCallId]);
  const notes = details.get(entry.lastCallId)?.notes ?? [];
  const headingId = `call-back-done-${entry.id}`;
  return (
    <li className="call-back call-back--done" aria-labelledby={headingId} data-follow-up-id={entry.id}>
      <div className="call-back__head">
        <Who entry={entry} headingId={headingId} />
        <span className="badge badge--answered" data-testid="call-back-resolution">
          {resolutionText(entry, now)}
        </span>
      </div>
      <p className="muted">{entrySummary(entry, now)}</p>
      {entry.note && <p className="call-back__note">Note: {entry.note}</p>}
      <NotesList notes={notes} now={now} />
      <div className="call-back__actions">
        <NoteForm callId={entry.lastCallId} />
        <ReopenButton callId={entry.lastCallId} />
      </div>
    </li>
  );
}
