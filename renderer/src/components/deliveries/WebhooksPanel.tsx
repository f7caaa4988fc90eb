// The webhook tab: filter by kind, search, the list newest first (paged back with Older), and the detail of
// the delivery chosen (kept in the hash, so a link opens it).

import { useCallback } from 'react';
import type { DeliveryKind, DeliveryView, ListDeliveriesResponse } from '../../../../shared/api';
import { formatExactTime } from '../../../../shared/format';
import { useClearRefusedBodies, useDelivery, useDeliveryList, useReprocess, type InspectorNavigate } from '../../data/deliveries';
import type { InspectorRoute } from '../../model/route';
import { CallLinks } from './CallLinks';
import { DeliveryDetail } from './DeliveryDetail';
import { FilterButtons, focusRow, ListFooter, SearchBox, type FilterChoice } from './ListParts';
import { RefusedBodiesBar } from './RefusedBodiesBar';
import { emptyWords, KIND_LABELS, KINDS } from './words';

function kindChoices(counts: ListDeliveriesResponse['problemCounts'] | null): FilterChoice<DeliveryKind>[] {
  const counted = (kind: DeliveryKind) => {
    const n = counts && (kind === 'rejected' || kind === 'refused' || kind === 'failed') ? counts[kind] : null;
    return n ? `${KIND_LABELS[kind]} (${n})` : KIND_LABELS[kind];
  };
  return [{ value: null, label: 'All' }, ...KINDS.map((k) => ({ value: k, label: counted(k) }))];
}

function DeliveryRow({ d, now, selected, onOpen }: { d: DeliveryView; now: number; selected: boolean; onOpen: (id: number) => void }) {
  return (
    <li className={`inspector-row${selected ? ' inspector-row--selected' : ''}`} data-testid="delivery-row" data-kind={d.kind}>
      <button
        id={`inspector-row-${d.id}`}
        type="button"
        className="inspector-row__open"
        aria-current={selected || undefined}
        onClick={() => onOpen(d.id)}
      >
        <time className="inspector-row__when" dateTime={d.receivedAt}>
          {formatExactTime(d.receivedAt, now)}
        </time>
        <span className={`badge badge--kind-${d.kind}`}>{KIND_LABELS[d.kind]}</span>
        <span className="inspector-row__summary">{d.summary}</span>
      </button>
      {d.calls.length > 0 && (
        <div className="inspector-row__calls">
          <CallLinks calls={d.calls} max={3} />
        </div>
      )}
    </li>
  );
}

export function WebhooksPanel({ route, navigate, now }: { route: InspectorRoute; navigate: InspectorNavigate; now: number }) {
  const list = useDeliveryList(route.kind, route.q);
  const detail = useDelivery(route.selected);
  const reprocess = useReprocess('webhooks');
  const clearRefusedBodies = useClearRefusedBodies();
  const open = (id: number) => navigate({ ...route, selected: id });
  const { selected } = route;
  const close = useCallback(() => {
    if (selected === null) return;
    navigate({ ...route, selected: null });
    focusRow(selected);
  }, [navigate, route, selected]);
  const whats = route.kind ? `${KIND_LABELS[route.kind].toLowerCase()} deliveries` : 'deliveries';
  return (
    <>
      <div className="inspector-tools">
        <FilterButtons label="Show" choices={kindChoices(list.problemCounts)} value={route.kind} onChange={(kind) => navigate({ ...route, kind })} />
        <SearchBox value={route.q} onSearch={(q) => navigate({ ...route, q }, { replace: true })} />
        <button type="button" className="button button--small inspector-tools__refresh" disabled={list.refreshing} onClick={list.refresh}>
          {list.refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <div className={`inspector-grid${selected !== null ? ' inspector-grid--open' : ''}`}>
        <div className="inspector-list-col">
          {list.error && (
            <p className="notice notice--error" role="alert">
              Could not load deliveries: {list.error}
            </p>
          )}
          {list.loaded && !list.error && list.items.length === 0 && (
            <p className="inspector-empty" data-testid="inspector-empty">
              {emptyWords(route.kind, route.q)}
            </p>
          )}
          {list.items.length > 0 && (
            <>
              <ul className="inspector-list" aria-label="Deliveries, newest first">
                {list.items.map((d) => (
                  <DeliveryRow key={d.id} d={d} now={now} selected={d.id === selected} onOpen={open} />
                ))}
              </ul>
              <ListFooter
                shown={list.items.length}
                hasOlder={list.hasOlder}
                loadingOlder={list.loadingOlder}
                what={whats.replace(/ies$/, 'y')}
                whats={whats}
                onOlder={list.loadOlder}
              />
            </>
          )}
          {list.refusedBodies && <RefusedBodiesBar refused={list.refusedBodies} clear={clearRefusedBodies} />}
        </div>
        {selected !== null && (
          <div className="inspector-detail-col">
            {detail.item ? (
              <DeliveryDetail delivery={detail.item} now={now} onClose={close} reprocess={reprocess} />
            ) : detail.notFound ? (
              <p className="notice notice--error" role="alert">
                No delivery #{selected} is stored.
              </p>
            ) : detail.error ? (
              <p className="notice notice--error" role="alert">
                Could not load delivery #{selected}: {detail.error}
              </p>
            ) : (
              <p className="muted">Loading delivery #{selected}…</p>
            )}
          </div>
        )}
      </div>
    </>
  );
}
