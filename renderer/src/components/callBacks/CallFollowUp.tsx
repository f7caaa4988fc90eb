// In the call detail: the call-back entry this call belongs to (to call back, with Call back and Done; or done,
// how and by whom, with Reopen), the call's notes, and "Add note".

import type { CallDetailResponse } from '../../../../shared/api';
import { entrySummary, resolutionText } from '../../model/callBacks';
import { CallBackLink, DoneForm, NoteForm, NotesList, ReopenButton } from './FollowUpForms';

export function CallFollowUp({ detail, now }: { detail: CallDetailResponse; now: number }) {
  const { call, followUp, notes } = detail;
  return (
    <section className="card call-follow-up" aria-labelledby="follow-up-title">
      <h3 id="follow-up-title">{followUp ? 'Call back' : 'Notes'}</h3>
      {followUp?.state === 'open' && (
        <div className="call-follow-up__state">
          <p data-testid="follow-up-state">
            <strong>To call back:</strong> {entrySummary(followUp, now)}
          </p>
          <div className="call-back__actions">
            <CallBackLink callerNumber={followUp.callerNumber} />
            <DoneForm callId={call.id} who={followUp.displayName} />
          </div>
        </div>
      )}
      {followUp?.state === 'done' && (
        <div className="call-follow-up__state">
          <p data-testid="follow-up-state">
            <strong>Done:</strong> {resolutionText(followUp, now)}
          </p>
          {followUp.note && <p className="call-back__note">Note: {followUp.note}</p>}
          <ReopenButton callId={call.id} />
        </div>
      )}
      <NotesList notes={notes} now={now} />
      <NoteForm callId={call.id} />
    </section>
  );
}
