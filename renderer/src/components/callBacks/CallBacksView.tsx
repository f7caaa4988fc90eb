// The "To call back" view: the people who missed us or left a voicemail and have not been reached since, newest
// first, and the entries dealt with today.

import { useFollowUps } from '../../data/followUps';
import { cutText, doneToday, peopleText } from '../../model/callBacks';
import { CallBackEntry, DoneEntry } from './CallBackEntry';

interface Props {
  now: number;
  onOpenCall(id: number): void;
}

export function CallBacksView({ now, onOpenCall }: Props) {
  const open = useFollowUps('open');
  const done = useFollowUps('done');
  const today = doneToday(done.entries, now);
  const cut = open.building ? null : cutText(open.entries.length, open.openCount);
  return (
    <section className="page call-backs" aria-labelledby="call-backs-title">
      <div className="page__head">
        <h2 id="call-backs-title">To call back</h2>
        {open.openCount > 0 && !open.building && (
          <span className="muted" data-testid="call-backs-count">
            {peopleText(open.openCount)}
          </span>
        )}
      </div>
      {cut && (
        <p className="muted call-backs__cut" data-testid="call-backs-cut">
          {cut}
        </p>
      )}
      {open.error && (
        <p className="notice notice--error" role="alert">
          Could not load the call-backs: {open.error}
        </p>
      )}
      {open.building && (
        <p className="notice" role="status" data-testid="call-backs-counting">
          <strong>Still counting call-backs from your history…</strong>{' '}
          <span className="muted">This list is not complete yet. New missed calls still come in here as they happen.</span>
        </p>
      )}
      {open.loaded && !open.building && open.openCount === 0 && open.entries.length === 0 && (
        <p className="call-backs__none">
          <strong>Nobody to call back.</strong>{' '}
          <span className="muted">A missed call or a voicemail puts its caller here until they are reached or marked done.</span>
        </p>
      )}
      {open.entries.length > 0 && (
        <ul className="call-backs__list" aria-label="People to call back">
          {open.entries.map((entry) => (
            <CallBackEntry key={entry.id} entry={entry} now={now} onOpenCall={onOpenCall} />
          ))}
        </ul>
      )}
      <section className="call-backs__done" aria-labelledby="call-backs-done-title">
        <h2 id="call-backs-done-title">Done today</h2>
        {done.error && (
          <p className="notice notice--error" role="alert">
            Could not load the entries done: {done.error}
          </p>
        )}
        {done.loaded && today.length === 0 && <p className="muted">Nothing marked done or reached yet today.</p>}
        {today.length > 0 && (
          <ul className="call-backs__list" aria-label="Done today">
            {today.map((entry) => (
              <DoneEntry key={entry.id} entry={entry} now={now} />
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
