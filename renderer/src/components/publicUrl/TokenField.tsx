// A secret option of a form (a tunnel token, an API token or key).

import { useId } from 'react';

interface TokenProps {
  label: string;
  /** What it is called in "Remove the saved …". */
  noun?: string;
  set: boolean;
  value: string;
  note?: string;
  onChange(value: string): void;
  onRemove(): void;
  /** Save as you go: called when the box is left or Enter is pressed in it. */
  onCommit?(): void;
}

/** A token goes in through a password box and is never shown back: only whether one is saved. */
export function TokenField({ label, noun = 'token', set, value, note, onChange, onRemove, onCommit }: TokenProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        className="input"
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={value}
        aria-describedby={`${id}-state`}
        placeholder={set ? `Leave empty to keep the saved ${noun}` : 'Paste it here'}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onCommit}
        onKeyDown={(e) => {
          if (e.key !== 'Enter' || !onCommit) return;
          e.preventDefault();
          onCommit();
        }}
      />
      <span className="field__note" id={`${id}-state`}>
        <span className={`badge badge--small ${set ? 'badge--answered' : ''}`} data-testid="token-state">
          {set ? 'Saved' : 'Not set'}
        </span>{' '}
        {set ? 'Type a new one to replace it.' : note}
        {set && (
          <>
            {' '}
            <button type="button" className="link-button" onClick={onRemove}>
              Remove the saved {noun}
            </button>
          </>
        )}
      </span>
    </div>
  );
}
