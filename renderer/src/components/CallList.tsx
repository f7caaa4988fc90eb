// The call list: only the rows in view are in the DOM (a million calls scroll like a hundred), the next
// keyset page is asked for before the end is reached, and rows arriving above the viewport do not move
// what the person is looking at. Each day starts with a header row of its own in the same virtual list.

import { memo, useEffect, useEffectEvent, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Call } from '../../../shared/domain';
import { localDay } from '../../../shared/timeZone';
import { callRowView, type CallRowView } from '../format/callRow';
import { dayHeaderText, listItems, type CallDay, type ListItem } from '../model/callDays';
import { FetchedLater } from './FetchedLater';
import { SavedMark } from './SavedMark';

export const ROW_HEIGHT = 64;
export const DAY_HEADER_HEIGHT = 32;
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
  // Day labels change at midnight, not on every tick of the clock.
  const today = localDay(now);
  const layout = useMemo(() => listLayout(rows, now, complete), [rows, today, complete]); // eslint-disable-line react-hooks/exhaustive-deps
  const { items, tops, itemOf } = layout;
  const topOf = (id: number | null) => {
    const item = id === null ? undefined : itemOf.get(id);
    return item === undefined ? null : tops[item]!;
  };

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
    const top = topOf(a.id);
    if (top === null) return;
    const wanted = top - a.offset;
    if (Math.abs(wanted - el.scrollTop) >= 1) {
      el.scrollTop = wanted;
      setScrollTop(el.scrollTop);
    }
  }, [layout]); // eslint-disable-line react-hooks/exhaustive-deps

  const first = Math.max(0, itemAt(tops, scrollTop) - OVERSCAN);
  const last = Math.min(items.length, itemAt(tops, scrollTop + height) + 1 + OVERSCAN);
  const lastRow = callNear(items, last - 1, -1)?.index ?? 0;

  useEffect(() => {
    if (!complete && lastRow >= rows.length - LOAD_AHEAD) onNearEnd();
  }, [lastRow, rows.length, complete, onNearEnd]);

  // Keep the keyboard's row in view (and therefore rendered, for aria-activedescendant). Only a change of the
  // active row scrolls; new rows arriving must not.
  const keepInView = useEffectEvent((id: number | null) => {
    const el = ref.current;
    const top = topOf(id);
    if (!el || top === null) return;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  });
  useEffect(() => keepInView(activeId), [activeId]);

  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    const item = callNear(items, itemAt(tops, el.scrollTop), 1);
    anchor.current = item ? { id: item.call.id, offset: tops[itemOf.get(item.call.id)!]! - el.scrollTop } : null;
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
    <>
      {/* Outside the listbox (which holds options only): the footer's words, for screen readers. */}
      <span className="visually-hidden" role="status">
        {footer}
      </span>
      <div
        ref={ref}
        className="call-list"
        role="listbox"
        aria-label="Calls"
        tabIndex={0}
        aria-activedescendant={activeId !== null && itemOf.has(activeId) ? `call-row-${activeId}` : undefined}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
      >
        <div className="call-list__canvas" data-rows={rows.length} style={{ height: tops[items.length]! + ROW_HEIGHT }}>
          {dayGroups(items, first, last).map(({ day, from, to }) => (
            // A listbox holds options or groups of them: each day is a group, named by its header's words.
            <div key={`day-${day.key}`} className="call-list__day" role="group" aria-label={dayHeaderText(day)}>
              {items
                .slice(from, to)
                .map((item, i) =>
                  item.kind === 'day' ? (
                    <DayHeader key="header" day={item.day} top={tops[from + i]!} />
                  ) : (
                    <CallRow
                      key={item.call.id}
                      call={item.call}
                      now={now}
                      test={testIds.has(item.call.id)}
                      top={tops[from + i]!}
                      day={item.day.label}
                      active={item.call.id === activeId}
                      open={item.call.id === openId}
                      onOpen={onOpen}
                    />
                  ),
                )}
            </div>
          ))}
          <div className="call-list__footer" style={{ top: tops[items.length] }} aria-hidden="true">
            {footer}
          </div>
        </div>
      </div>
    </>
  );
}

/** The rendered slice [first, last) cut at each day: one group per day in view, even when its header is not. */
export function dayGroups(items: readonly ListItem[], first: number, last: number): { day: CallDay; from: number; to: number }[] {
  const groups: { day: CallDay; from: number; to: number }[] = [];
  for (let i = first; i < last; i++) {
    const item = items[i]!;
    const open = groups.at(-1);
    if (open && open.day.key === item.day.key && item.kind === 'call') open.to = i + 1;
    else groups.push({ day: item.day, from: i, to: i + 1 });
  }
  return groups;
}

interface ListLayout {
  items: ListItem[];
  /** The top of each item, and the end of the last one. */
  tops: number[];
  /** Call id → its item. */
  itemOf: Map<number, number>;
}

function listLayout(rows: readonly Call[], now: number, complete: boolean): ListLayout {
  const items = listItems(rows, now, complete);
  const tops = new Array<number>(items.length + 1);
  const itemOf = new Map<number, number>();
  let y = 0;
  items.forEach((item, i) => {
    tops[i] = y;
    if (item.kind === 'call') itemOf.set(item.call.id, i);
    y += item.kind === 'day' ? DAY_HEADER_HEIGHT : ROW_HEIGHT;
  });
  tops[items.length] = y;
  return { items, tops, itemOf };
}

/** The item under pixel `y` (binary search over the tops). */
function itemAt(tops: readonly number[], y: number): number {
  let lo = 0;
  let hi = tops.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tops[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

/** The first call item from `from` on in direction `step` (a header is skipped), without copying the list. */
function callNear(items: readonly ListItem[], from: number, step: 1 | -1): Extract<ListItem, { kind: 'call' }> | null {
  for (let i = from; i >= 0 && i < items.length; i += step) {
    const item = items[i]!;
    if (item.kind === 'call') return item;
  }
  return null;
}

// Shown only: screen readers hear the day as the group's name and at the end of each row's label.
function DayHeader({ day, top }: { day: CallDay; top: number }) {
  return (
    <div className="call-day" role="presentation" aria-hidden="true" style={{ transform: `translateY(${top}px)` }}>
      {dayHeaderText(day)}
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
  /** The day the row is under ("Today"), for its spoken label: the header itself is not an option. */
  day: string;
  active: boolean;
  open: boolean;
  onOpen(id: number): void;
}

const CallRow = memo(function CallRow({ call, now, test, top, day, active, open, onOpen }: RowProps) {
  const v = rowView(call, now);
  const classes = [
    'call-row',
    `call-row--${v.outcome}`,
    active ? 'call-row--active' : '',
    open ? 'call-row--open' : '',
    v.unseen ? 'call-row--unseen' : '',
  ]
    .filter(Boolean)
    .join(' ');
  // What is seen, in the order it is seen (speech users say what they see), then what only a listener needs.
  const label = [
    v.unseen ? 'New' : null,
    v.title,
    v.number,
    test ? 'Test call' : null,
    call.caughtUp ? 'Fetched later' : null,
    v.line,
    v.calledAgain,
    v.place,
    v.source,
    v.returning ? 'Returning' : null,
    v.when,
    v.duration,
    v.outcomeLabel,
    day,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <div
      id={`call-row-${call.id}`}
      role="option"
      aria-label={label}
      aria-selected={open}
      aria-description={v.outcomeDetail ?? undefined}
      title={v.outcomeDetail ?? undefined}
      className={classes}
      style={{ transform: `translateY(${top}px)` }}
      data-call-id={call.id}
      onClick={() => onOpen(call.id)}
    >
      {/* Spaces between the parts (flex items, so never drawn) keep their words apart for assistive tech. */}
      <span className="call-row__status" aria-hidden="true" />
      <span className="call-row__main">
        <span className="call-row__title">
          {v.unseen && (
            <span className="call-row__new" title="Nobody has opened this call yet">
              <span className="visually-hidden">New</span>
            </span>
          )}
          <span className="call-row__name">{v.title}</span> {v.saved && <SavedMark />}{' '}
          {v.number && <span className="call-row__number">{v.number}</span>}
        </span>{' '}
        <span className="call-row__meta">
          {test && <span className="chip chip--test">Test call</span>} {call.caughtUp && <FetchedLater />}{' '}
          {v.line && <span className="call-row__line">{v.line}</span>} {v.calledAgain && <span className="call-row__again">{v.calledAgain}</span>}{' '}
          <span className="call-row__facts">{[v.place, v.source].filter(Boolean).join(' · ') || '\u00a0'}</span>{' '}
          {v.returning && (
            <span className="chip chip--returning" title={v.returning}>
              Returning
            </span>
          )}
        </span>
      </span>{' '}
      <span className="call-row__side">
        <span className="call-row__when">{v.when}</span>{' '}
        <span className="call-row__outcome">
          {v.duration && <span className="call-row__duration">{v.duration}</span>}{' '}
          <span className={`badge badge--${v.outcome}`}>{v.outcomeLabel}</span>
        </span>
      </span>
    </div>
  );
});
