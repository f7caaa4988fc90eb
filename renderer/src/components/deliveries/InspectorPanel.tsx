// What both inspector tabs share: the tools row with Refresh, the list newest first with its footer and its
// empty words, the offer of newer items, and the detail pane of the chosen one (loading, missing, failed).
// Focus never drops to the page: busy buttons stay focusable, and a button that goes away hands focus on.

import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { DeliveryCallLink, DeliveryKind } from '../../../../shared/api';
import { formatExactTime } from '../../../../shared/format';
import type { InspectorNavigate, ItemState, PagedList } from '../../data/deliveries';
import type { InspectorRoute } from '../../model/route';
import { CallLinks } from './CallLinks';
import { BusyButton, focusCountLine, focusFirstRow, focusRow, ListFooter } from './ListParts';
import { KIND_LABELS } from './words';

export interface InspectorItem {
  id: number;
  receivedAt: string;
  summary: string;
  calls: DeliveryCallLink[];
}

function InspectorRow<T extends InspectorItem>({
  item,
  kind,
  testId,
  now,
  selected,
  onOpen,
}: {
  item: T;
  kind: DeliveryKind;
  testId: string;
  now: number;
  selected: boolean;
  onOpen: (id: number) => void;
}) {
  return (
    <li className={`inspector-row${selected ? ' inspector-row--selected' : ''}`} data-testid={testId} data-kind={kind}>
      <button
        id={`inspector-row-${item.id}`}
        type="button"
        className="inspector-row__open"
        aria-current={selected || undefined}
        onClick={() => onOpen(item.id)}
      >
        <time className="inspector-row__when" dateTime={item.receivedAt}>
          {formatExactTime(item.receivedAt, now)}
        </time>
        <span className={`badge badge--kind-${kind}`}>{KIND_LABELS[kind]}</span>
        <span className="inspector-row__summary">{item.summary}</span>
      </button>
      {item.calls.length > 0 && (
        <div className="inspector-row__calls">
          <CallLinks calls={item.calls} max={3} />
        </div>
      )}
    </li>
  );
}

export interface InspectorPanelProps<T extends InspectorItem> {
  route: InspectorRoute;
  navigate: InspectorNavigate;
  now: number;
  list: PagedList<T>;
  detail: ItemState<T>;
  kindOf: (item: T) => DeliveryKind;
  /** "delivery" / "catch-up answer": in the detail pane's words and the rows' test ids. */
  noun: string;
  rowTestId: string;
  listLabel: string;
  /** The count line's nouns ("rejected delivery", "rejected deliveries"). */
  countNouns: [string, string];
  listErrorWords: string;
  newerWords: string;
  emptyWords: string;
  /** The filters and search, before Refresh. */
  tools: ReactNode;
  /** Under the list (the kept copies of refused deliveries). */
  below?: ReactNode;
  renderDetail: (item: T, close: () => void) => ReactNode;
}

export function InspectorPanel<T extends InspectorItem>(props: InspectorPanelProps<T>) {
  const { route, navigate, now, list, detail, noun } = props;
  const { selected } = route;
  const open = (id: number) => navigate({ ...route, selected: id });
  const close = useCallback(() => {
    if (selected === null) return;
    navigate({ ...route, selected: null });
    focusRow(selected);
  }, [navigate, route, selected]);

  // New items wait behind the offer while the keyboard is in the list or a detail is open: rows never move
  // under the person, and a focused row is never taken away.
  const [focusInList, setFocusInList] = useState(false);
  const { hold } = list;
  useEffect(() => hold(focusInList || selected !== null), [hold, focusInList, selected]);

  // Older removes itself on the last page: the keyboard then goes on to the first row it brought (or, when
  // it brought none, to the count line).
  const olderFrom = useRef<{ from: number; seenLoading: boolean } | null>(null);
  const { items, loadingOlder, hasOlder } = list;
  useEffect(() => {
    const older = olderFrom.current;
    if (older === null) return;
    if (loadingOlder) {
      older.seenLoading = true;
      return;
    }
    if (!older.seenLoading && items.length <= older.from) return;
    olderFrom.current = null;
    if (hasOlder || document.activeElement !== document.body) return;
    const first = items[older.from];
    if (first) focusRow(first.id);
    else focusCountLine();
  }, [items, loadingOlder, hasOlder]);
  // "Show them" stays, busy, until the newest are read and shown; then the keyboard goes to the first of them
  // (or the count line) as the offer goes away, before the page is painted.
  const [newest, setNewest] = useState<'idle' | 'reading' | 'read'>('idle');
  const focusedNewest = useRef(true);
  const { refreshing } = list;
  const offering = list.newerWaiting || newest === 'reading' || (newest === 'read' && refreshing);
  useLayoutEffect(() => {
    if (newest !== 'read' || refreshing || focusedNewest.current) return;
    focusedNewest.current = true;
    focusFirstRow();
  }, [newest, refreshing, items]);
  const onShowNewest = () => {
    setNewest('reading');
    focusedNewest.current = false;
    void list.showNewest().then(() => setNewest('read'));
  };
  const onOlder = () => {
    olderFrom.current = { from: items.length, seenLoading: false };
    list.loadOlder();
  };

  const empty = list.loaded && !list.error && items.length === 0;
  return (
    <>
      <div className="inspector-tools">
        {props.tools}
        <BusyButton className="button button--small inspector-tools__refresh" busy={list.refreshing} busyLabel="Refreshing…" onClick={list.refresh}>
          Refresh
        </BusyButton>
      </div>
      <div className={`inspector-grid${selected !== null ? ' inspector-grid--open' : ''}`}>
        <div className="inspector-list-col">
          {list.error && (
            <p className="notice notice--error" role="alert">
              {props.listErrorWords}: {list.error}
            </p>
          )}
          {offering && (
            <p className="inspector-footer inspector-newer" data-testid="inspector-newer">
              {props.newerWords}{' '}
              <BusyButton
                className="button button--small"
                busy={newest === 'reading' || (newest === 'read' && refreshing)}
                busyLabel="Loading them…"
                onClick={onShowNewest}
              >
                Show them
              </BusyButton>
            </p>
          )}
          {/* Always present, so a screen reader hears that a filter or search found nothing. */}
          <p
            className={empty ? 'inspector-empty' : 'inspector-empty inspector-empty--none'}
            role="status"
            data-testid="inspector-empty"
            id="inspector-empty"
            tabIndex={-1}
          >
            {empty ? props.emptyWords : ''}
          </p>
          {items.length > 0 && (
            <ul
              className="inspector-list"
              aria-label={props.listLabel}
              onFocus={() => setFocusInList(true)}
              onBlur={(e) => !e.currentTarget.contains(e.relatedTarget) && setFocusInList(false)}
            >
              {items.map((item) => (
                <InspectorRow
                  key={item.id}
                  item={item}
                  kind={props.kindOf(item)}
                  testId={props.rowTestId}
                  now={now}
                  selected={item.id === selected}
                  onOpen={open}
                />
              ))}
            </ul>
          )}
          {/* Always present (empty while nothing is listed), so the count is heard when results come. */}
          <ListFooter shown={items.length} hasOlder={hasOlder} loadingOlder={loadingOlder} nouns={props.countNouns} onOlder={onOlder} />
          {props.below}
        </div>
        {selected !== null && (
          <div className="inspector-detail-col">
            {detail.item ? (
              props.renderDetail(detail.item, close)
            ) : detail.notFound ? (
              <p className="notice notice--error" role="alert">
                No {noun} #{selected} is stored.
              </p>
            ) : detail.error ? (
              <p className="notice notice--error" role="alert">
                Could not load {noun} #{selected}: {detail.error}
              </p>
            ) : (
              <p className="muted">
                Loading {noun} #{selected}…
              </p>
            )}
          </div>
        )}
      </div>
    </>
  );
}
