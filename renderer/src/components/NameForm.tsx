// The inline form for the name (and note) staff save for a caller's number. Enter saves, Esc cancels; what
// the API refuses is said in its own words. Names are React text, never HTML.

import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Call } from '../../../shared/domain';
import { formatPhone } from '../../../shared/phone';
import { useContactActions } from '../data/names';
import { nameFormError } from '../format/nameForm';
import { titleIsAName } from '../../../shared/calls/alert';

interface Props {
  call: Call;
  /** Closed: saved, removed or cancelled. */
  onDone(): void;
}

// As the API's schema allows: typing past them is stopped here, anything else wrong the API says.
const NAME_MAX = 80;
const NOTE_MAX = 500;

export function NameForm({ call, onDone }: Props) {
  const number = call.callerNumber ?? '';
  const { save, remove } = useContactActions();
  const [name, setName] = useState(call.contact?.name ?? (titleIsAName(call) ? call.displayName : ''));
  const [note, setNote] = useState(call.contact?.note ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    nameRef.current?.focus();
    nameRef.current?.select();
  }, []);

  const run = async (action: () => Promise<string | null>) => {
    setBusy(true);
    const failure = await action();
    setBusy(false);
    if (failure) {
      setError(nameFormError(failure));
      nameRef.current?.focus();
    } else onDone();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => save(number, name, note));
  };

  return (
    <form
      className="name-form"
      aria-label={`Name for ${formatPhone(number) ?? number}`}
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onDone();
        }
      }}
    >
      <label className="field">
        <span>Name</span>
        <input
          ref={nameRef}
          className="input"
          value={name}
          maxLength={NAME_MAX}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error !== null}
          aria-describedby={error ? 'name-form-error' : undefined}
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
        />
      </label>
      <label className="field">
        <span>Note (optional)</span>
        <input
          className="input"
          value={note}
          maxLength={NOTE_MAX}
          autoComplete="off"
          placeholder="Prefers mornings"
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      {error && (
        <p id="name-form-error" className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--small" disabled={busy}>
          Save
        </button>
        <button type="button" className="button button--ghost button--small" onClick={onDone}>
          Cancel
        </button>
        {call.contact && (
          <button type="button" className="button button--ghost button--small" disabled={busy} onClick={() => void run(() => remove(number))}>
            Remove name
          </button>
        )}
      </div>
    </form>
  );
}
