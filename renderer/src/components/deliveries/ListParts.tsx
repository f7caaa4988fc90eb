// Parts both inspector lists share: the filter buttons, the search box, and the footer that says how many are
// shown and pages back with Older, and buttons that stay focusable while busy.

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { countWords } from './words';

export interface FilterChoice<K extends string> {
  value: K | null;
  label: string;
}

export function FilterButtons<K extends string>({
  label,
  choices,
  value,
  onChange,
}: {
  label: string;
  choices: FilterChoice<K>[];
  value: K | null;
  onChange: (value: K | null) => void;
}) {
  return (
    <div className="segmented inspector-filter" role="group" aria-label={label}>
      {choices.map((c) => (
        <button key={c.value ?? 'all'} type="button" className="segmented__button" aria-pressed={value === c.value} onClick={() => onChange(c.value)}>
          {c.label}
        </button>
      ))}
    </div>
  );
}

const SEARCH_DELAY_MS = 300;

/** Typing waits a moment before searching; Esc clears at once (and does not close the detail). */
export function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  const [shownValue, setShownValue] = useState(value);
  // The search changed from outside (Back, a link): the box follows it.
  if (value !== shownValue) {
    setShownValue(value);
    setText(value);
  }
  const latest = useRef(onSearch);
  useEffect(() => {
    latest.current = onSearch;
  });
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => latest.current(text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <div className="inspector-search">
      <label htmlFor="inspector-search">Find</label>
      <input
        id="inspector-search"
        type="search"
        className="input"
        value={text}
        placeholder="Caller, number or delivery id"
        aria-describedby="inspector-search-hint"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Escape' || text === '') return;
          e.preventDefault();
          setText('');
          onSearch('');
        }}
      />
      <span id="inspector-search-hint" className="visually-hidden">
        A caller's name, part of their number, the delivery id from Marketing Edge, or a delivery number such as #12. Esc clears it.
      </span>
    </div>
  );
}

/**
 * A button that says it is busy without being disabled: a disabled button drops the keyboard's focus to the
 * page in Chromium. Clicks while busy are ignored.
 */
export function BusyButton({
  busy,
  busyLabel,
  className,
  onClick,
  children,
  describedBy,
}: {
  busy: boolean;
  busyLabel: string;
  className: string;
  onClick: () => void;
  children: ReactNode;
  describedBy?: string;
}) {
  return (
    <button type="button" className={className} aria-disabled={busy || undefined} aria-describedby={describedBy} onClick={() => !busy && onClick()}>
      {busy ? busyLabel : children}
    </button>
  );
}

export function ListFooter({
  shown,
  hasOlder,
  loadingOlder,
  nouns: [what, whats],
  onOlder,
}: {
  shown: number;
  hasOlder: boolean;
  loadingOlder: boolean;
  nouns: [string, string];
  onOlder: () => void;
}) {
  const listed = shown > 0;
  return (
    // Nothing listed: the line stays in the page, empty and taking no room (the empty words say it).
    <div className={listed ? 'inspector-footer' : 'inspector-footer inspector-empty--none'}>
      {/* Heard after each filter, search or page, as it says how many there are now. */}
      <p className="muted" role="status" data-testid="inspector-count" id="inspector-count" tabIndex={-1}>
        {listed ? countWords(shown, hasOlder, what, whats) : ''}
      </p>
      {listed && hasOlder && (
        <BusyButton className="button button--small" busy={loadingOlder} busyLabel="Loading older…" onClick={onOlder}>
          Older
        </BusyButton>
      )}
    </div>
  );
}

/** After the detail closes, the keyboard goes back to the row it was opened from. */
export function focusRow(id: number): void {
  window.requestAnimationFrame(() => document.getElementById(`inspector-row-${id}`)?.focus());
}

/** After the newest are shown again, the keyboard goes to the first of them (the count line when none). */
export function focusFirstRow(): void {
  const first = document.querySelector<HTMLElement>('.inspector-row__open');
  if (first) first.focus();
  else focusCountLine();
}

/** Where the keyboard goes when the button it was on went away and brought nothing to go to: the line that
 * says how many are listed, or, when none are, the one that says so. */
export function focusCountLine(): void {
  const count = document.getElementById('inspector-count');
  (count?.textContent ? count : document.getElementById('inspector-empty'))?.focus();
}
