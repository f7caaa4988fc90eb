// The detail pane's frame: its title (focused when it opens, so the keyboard lands on it), Close, and Esc.

import { useEffect, useRef, type ReactNode } from 'react';

export function DetailFrame({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [title]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // The search box uses Esc itself (it clears the search).
      if (e.key === 'Escape' && !e.defaultPrevented) onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <section className="card inspector-detail" aria-labelledby="inspector-detail-title" data-testid="inspector-detail">
      <div className="inspector-detail__head">
        <h3 id="inspector-detail-title" ref={heading} tabIndex={-1}>
          {title}
        </h3>
        <button type="button" className="button button--small" onClick={onClose} aria-keyshortcuts="Escape">
          Close
        </button>
      </div>
      {children}
    </section>
  );
}

/** One fact of the detail ("Attempt", "2"). */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="facts__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
