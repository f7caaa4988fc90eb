// What both inspector tabs share: the tools row with Refresh, the list newest first with its footer and its
// empty words, the offer of newer items, and the detail pane of the chosen one (loading, missing, failed).
// Focus never drops to the page: busy buttons stay focusable, and a button that goes away hands focus on.

import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { DeliveryCallLink, DeliveryKind } from '../../../../shared/api';
import { formatExactTime } from '../../../../shared/format';
import type { InspectorNavigate, ItemState, PagedList } from '../../data/deliveries';
import type { InspectorRoute } from '../../model/route';
import { CallLinks } from './CallLinks';
import { BusyButton, focusFirstRow, focusRow, ListFooter } from './ListParts';
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

  // Older removes itself on the last page: the keyboard then goes on to the first row it brought.
  const olderFrom = useRef<number | null>(null);
  const { items, loadingOlder, hasOlder } = list;
  useEffect(() => {
    const from = olderFrom.current;
    if (from === null || loadingOlder) return;
    if (items.length > from) olderFrom.current = null;
    const first = items[from];
    if (first && !hasOlder && document.activeElement === document.body) focusRow(first.id);
  }, [items, loadingOlder, hasOlder]);
  // "Show them" removes itself too: once the newest are read and shown, the keyboard goes to the first.
  // (Waits for the list to render them: the cache tells the view a moment after the read resolves.)
  const focusNewest = useRef(false);
  const [shownNewest, setShownNewest] = useState(0);
  const { refreshing } = list;
  useEffect(() => {
    if (!focusNewest.current || refreshing) return;
    focusNewest.current = false;
    focusFirstRow();
  }, [shownNewest, refreshing, items]);
  const onOlder = () => {
    olderFrom.current = items.length;
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
          {list.newerWaiting && (
            <p className="inspector-footer inspector-newer" data-testid="inspector-newer">
              {props.newerWords}{' '}
              <button
                type="button"
                className="button button--small"
                onClick={() =>
                  void list.showNewest().then(() => {
                    focusNewest.current = true;
                    setShownNewest((n) => n + 1);
                  })
                }
              >
                Show them
              </button>
            </p>
          )}
          {/* Always present, so a screen reader hears that a filter or search found nothing. */}
          <p className={empty ? 'inspector-empty' : 'inspector-empty inspector-empty--none'} role="status" data-testid="inspector-empty">
            {empty ? props.emptyWords : ''}
          </p>
          {items.length > 0 && (
            <>
              <ul className="inspector-list" aria-label={props.listLabel}>
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
              <ListFooter shown={items.length} hasOlder={hasOlder} loadingOlder={loadingOlder} nouns={props.countNouns} onOlder={onOlder} />
            </>
          )}
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
