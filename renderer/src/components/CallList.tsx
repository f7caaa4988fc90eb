// The call list: only the rows in view are in the DOM (a million calls scroll like a hundred), the next
// keyset page is asked for before the end is reached, and rows arriving above the viewport do not move
// what the person is looking at.

import { memo, useEffect, useEffectEvent, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Call } from '../../../shared/domain';
import { callRowView, type CallRowView } from '../format/callRow';
import { FetchedLater } from './FetchedLater';
import { SavedMark } from './SavedMark';

export const ROW_HEIGHT = 64;
const OVERSCAN = 6;
/** Ask for the next page when this many loaded rows remain below the viewport. */
const LOAD_AHEAD = 40;

interface Props {
  rows: Call[];
  /** Calls sent by "Send a test call": marked so nobody takes them for a customer. */
  testIds: ReadonlySet<number>;
  now: number;
  activeId: number | null;
  openId: number | null;
  complete: boolean;
  loadingMore: boolean;
  onActivate(id: number): void;
  onOpen(id: number): void;
  /** Opens the call with its name form open (the `N` key). */
  onEditName(id: number): void;
  onNearEnd(): void;
}

export function CallList({ rows, testIds, now, activeId, openId, complete, loadingMore, onActivate, onOpen, onEditName, onNearEnd }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const anchor = useRef<{ id: number; offset: number } | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  // Rows inserted or moved above the first visible row: scroll by as much, so nothing under the eye moves.
  useLayoutEffect(() => {
    const el = ref.current;
    const a = anchor.current;
    if (!el || !a || el.scrollTop === 0) return;
    const index = rows.findIndex((r) => r.id === a.id);
    if (index === -1) return;
    const wanted = index * ROW_HEIGHT - a.offset;
    if (Math.abs(wanted - el.scrollTop) >= 1) {
      el.scrollTop = wanted;
      setScrollTop(el.scrollTop);
    }
  }, [rows]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);

  useEffect(() => {
    if (!complete && last >= rows.length - LOAD_AHEAD) onNearEnd();
  }, [last, rows.length, complete, onNearEnd]);

  // Keep the keyboard's row in view (and therefore rendered, for aria-activedescendant). Only a change of the
  // active row scrolls; new rows arriving must not.
  const keepInView = useEffectEvent((id: number | null) => {
    const el = ref.current;
    const index = rows.findIndex((r) => r.id === id);
    if (!el || index === -1) return;
    const top = index * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  });
  useEffect(() => keepInView(activeId), [activeId]);

  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    const index = Math.min(rows.length - 1, Math.floor(el.scrollTop / ROW_HEIGHT));
    const row = rows[index];
    anchor.current = row ? { id: row.id, offset: index * ROW_HEIGHT - el.scrollTop } : null;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0) return;
    const index = rows.findIndex((r) => r.id === activeId);
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index === -1 ? 0 : index + 1,
      ArrowUp: index === -1 ? 0 : index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: rows.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      const target = rows[Math.max(0, Math.min(rows.length - 1, moves[event.key]!))];
      if (target) onActivate(target.id);
    } else if (event.key === 'Enter' && activeId !== null) {
      event.preventDefault();
      onOpen(activeId);
    } else if ((event.key === 'n' || event.key === 'N') && activeId !== null && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      onEditName(activeId);
    }
  };

  const footer = complete
    ? rows.length > 0
      ? 'End of the list'
      : ''
    : loadingMore
      ? rows.length > 0
        ? 'Loading more calls…'
        : 'Searching older calls…'
      : '';
  return (
    <div
      ref={ref}
      className="call-list"
      role="listbox"
      aria-label="Calls"
      tabIndex={0}
      aria-activedescendant={activeId !== null && rows.some((r) => r.id === activeId) ? `call-row-${activeId}` : undefined}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
    >
      <div className="call-list__canvas" style={{ height: (rows.length + 1) * ROW_HEIGHT }}>
        {rows.slice(first, last).map((call, i) => (
          <CallRow
            key={call.id}
            call={call}
            now={now}
            test={testIds.has(call.id)}
            top={(first + i) * ROW_HEIGHT}
            active={call.id === activeId}
            open={call.id === openId}
            onOpen={onOpen}
          />
        ))}
        <div className="call-list__footer" style={{ top: rows.length * ROW_HEIGHT }} aria-hidden={footer === ''}>
          {footer}
        </div>
      </div>
    </div>
  );
}

// Formatting dates is costly (Intl formatters): a row's text is worked out once per call object and clock tick.
const views = new WeakMap<Call, { now: number; view: CallRowView }>();

function rowView(call: Call, now: number): CallRowView {
  const cached = views.get(call);
  if (cached?.now === now) return cached.view;
  const view = callRowView(call, now);
  views.set(call, { now, view });
  return view;
}

interface RowProps {
  call: Call;
  now: number;
  test: boolean;
  top: number;
  active: boolean;
  open: boolean;
  onOpen(id: number): void;
}

const CallRow = memo(function CallRow({ call, now, test, top, active, open, onOpen }: RowProps) {
  const v = rowView(call, now);
  const classes = ['call-row', `call-row--${v.outcome}`, active ? 'call-row--active' : '', open ? 'call-row--open' : ''].filter(Boolean).join(' ');
  return (
    <div
      id={`call-row-${call.id}`}
      role="option"
      aria-selected={open}
      aria-description={v.outcomeDetail ?? undefined}
      title={v.outcomeDetail ?? undefined}
      className={classes}
      style={{ transform: `translateY(${top}px)` }}
      data-call-id={call.id}
      onClick={() => onOpen(call.id)}
    >
      <span className="call-row__status" aria-hidden="true" />
      <span className="call-row__main">
        <span className="call-row__title">
          <span className="call-row__name">{v.title}</span>
          {v.saved && <SavedMark />}
          {v.number && <span className="call-row__number">{v.number}</span>}
        </span>
        <span className="call-row__meta">
          {test && <span className="chip chip--test">Test call</span>}
          {call.caughtUp && <FetchedLater />}
          {v.line && <span className="call-row__line">{v.line}</span>}
          <span className="call-row__facts">{[v.place, v.source].filter(Boolean).join(' · ') || '\u00a0'}</span>
          {v.returning && (
            <span className="chip chip--returning" title={v.returning}>
              Returning
            </span>
          )}
        </span>
      </span>
      <span className="call-row__side">
        <span className="call-row__when">{v.when}</span>
        <span className="call-row__outcome">
          {v.duration && <span className="call-row__duration">{v.duration}</span>}
          <span className={`badge badge--${v.outcome}`}>{v.outcomeLabel}</span>
        </span>
      </span>
    </div>
  );
});
