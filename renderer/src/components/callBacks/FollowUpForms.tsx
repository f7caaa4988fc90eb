// The actions on a call-back entry and a call's notes, shared by the "To call back" view and the call detail:
// Call back (a tel: link), Done with an optional note (one click), Reopen, the notes as text, and "Add note".

import { useId, useState, type FormEvent } from 'react';
import type { CallNote } from '../../../../shared/domain';
import { formatPhone } from '../../../../shared/phone';
import { useFollowUpActions } from '../../data/followUps';
import { telHref, whenText } from '../../model/callBacks';
import { Feedback } from '../Feedback';

type Message = { ok: boolean; text: string } | null;

/** The caller's number as a tel: link, handed to the system's calling app; nothing when it cannot be dialled. */
export function CallBackLink({ callerNumber }: { callerNumber: string }) {
  const tel = telHref(callerNumber);
  if (!tel) return null;
  return (
    <a className="button button--primary button--small" href={tel} aria-label={`Call back ${formatPhone(callerNumber) ?? callerNumber}`}>
      Call back
    </a>
  );
}

/** Done closes the entry at once; a note typed beside it goes with it. */
export function DoneForm({ callId, who }: { callId: number; who: string }) {
  const { setState } = useFollowUpActions();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const failure = await setState(callId, 'done', note);
    setBusy(false);
    if (failure) setMessage({ ok: false, text: `Could not mark it done: ${failure}` });
    else setNote('');
  };
  return (
    <form className="done-form" aria-label={`Done with ${who}`} onSubmit={(e) => void submit(e)}>
      <input
        className="input done-form__note"
        type="text"
        maxLength={2000}
        aria-label="Note (optional)"
        placeholder="Note (optional)"
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <button type="submit" className="button button--small" disabled={busy}>
        Done
      </button>
      <Feedback message={message} />
    </form>
  );
}

export function ReopenButton({ callId }: { callId: number }) {
  const { setState } = useFollowUpActions();
  const [message, setMessage] = useState<Message>(null);
  const reopen = async () => {
    const failure = await setState(callId, 'open');
    setMessage(failure ? { ok: false, text: `Could not reopen it: ${failure}` } : null);
  };
  return (
    <>
      <button type="button" className="button button--ghost button--small" onClick={() => void reopen()}>
        Reopen
      </button>
      <Feedback message={message} />
    </>
  );
}

/** Each note as typed (React text, never HTML), with who wrote it and when. */
export function NotesList({ notes, now }: { notes: readonly CallNote[]; now: number }) {
  if (notes.length === 0) return null;
  return (
    <ul className="notes" aria-label="Notes">
      {notes.map((n) => (
        <li key={n.id} className="note">
          <p className="note__text">{n.text}</p>
          <p className="note__meta muted">
            {n.by} · <time dateTime={n.at}>{whenText(n.at, now)}</time>
          </p>
        </li>
      ))}
    </ul>
  );
}

/** "Add note" opens a box for a note on the call; Save keeps the text exactly as typed. */
export function NoteForm({ callId }: { callId: number }) {
  const { addNote } = useFollowUpActions();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const boxId = useId();
  if (!open)
    return (
      <div className="note-form note-form--closed">
        <button type="button" className="button button--ghost button--small" onClick={() => setOpen(true)}>
          Add note
        </button>
        <Feedback message={message} />
      </div>
    );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // A second click while the first is on its way would save the note twice.
    if (busy) return;
    setBusy(true);
    const failure = await addNote(callId, text);
    setBusy(false);
    if (failure) return setMessage({ ok: false, text: `The note was not saved: ${failure}` });
    setText('');
    setOpen(false);
    setMessage({ ok: true, text: 'Note saved.' });
  };
  return (
    <form className="note-form" aria-label="Add a note" onSubmit={(e) => void submit(e)}>
      <label htmlFor={boxId} className="note-form__label">
        Note
      </label>
      <textarea
        id={boxId}
        className="input note-form__text"
        rows={3}
        maxLength={2000}
        required
        autoFocus
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setMessage(null);
        }}
      />
      <div className="form-actions">
        <button type="submit" className="button button--small" disabled={busy || text.trim() === ''}>
          Save note
        </button>
        <button type="button" className="button button--ghost button--small" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <Feedback message={message} />
    </form>
  );
}
