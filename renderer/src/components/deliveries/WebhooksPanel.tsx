// The webhook tab: filter by kind, search, the list newest first (paged back with Older), and the detail of
// the delivery chosen (kept in the hash, so a link opens it).

import type { DeliveryKind, DeliveryView, ListDeliveriesResponse } from '../../../../shared/api';
import { useClearRefusedBodies, useDelivery, useDeliveryList, useReprocess, type InspectorNavigate } from '../../data/deliveries';
import type { InspectorRoute } from '../../model/route';
import { DeliveryDetail } from './DeliveryDetail';
import { InspectorPanel } from './InspectorPanel';
import { FilterButtons, SearchBox, type FilterChoice } from './ListParts';
import { RefusedBodiesBar } from './RefusedBodiesBar';
import { DELIVERY_KINDS } from '../../../../shared/contract/schemas';
import { emptyWords, KIND_LABELS } from './words';

function kindChoices(counts: ListDeliveriesResponse['problemCounts'] | null): FilterChoice<DeliveryKind>[] {
  const counted = (kind: DeliveryKind) => {
    const n = counts && (kind === 'rejected' || kind === 'refused' || kind === 'failed') ? counts[kind] : null;
    return n ? `${KIND_LABELS[kind]} (${n})` : KIND_LABELS[kind];
  };
  return [{ value: null, label: 'All' }, ...DELIVERY_KINDS.map((k) => ({ value: k, label: counted(k) }))];
}

const kindOf = (d: DeliveryView) => d.kind;

export function WebhooksPanel({ route, navigate, now }: { route: InspectorRoute; navigate: InspectorNavigate; now: number }) {
  const list = useDeliveryList(route.kind, route.q);
  const detail = useDelivery(route.selected);
  const reprocess = useReprocess('webhooks');
  const clearRefusedBodies = useClearRefusedBodies();
  const whats = route.kind ? `${KIND_LABELS[route.kind].toLowerCase()} deliveries` : 'deliveries';
  return (
    <InspectorPanel
      route={route}
      navigate={navigate}
      now={now}
      list={list}
      detail={detail}
      kindOf={kindOf}
      noun="delivery"
      rowTestId="delivery-row"
      listLabel="Deliveries, newest first"
      countNouns={[whats.replace(/ies$/, 'y'), whats]}
      listErrorWords="Could not load deliveries"
      newerWords="New deliveries have arrived since."
      emptyWords={emptyWords(route.kind, route.q)}
      tools={
        <>
          <FilterButtons
            label="Show"
            choices={kindChoices(list.problemCounts)}
            value={route.kind}
            onChange={(kind) => navigate({ ...route, kind })}
          />
          <SearchBox value={route.q} onSearch={(q) => navigate({ ...route, q }, { replace: true })} />
        </>
      }
      below={list.refusedBodies && <RefusedBodiesBar refused={list.refusedBodies} clear={clearRefusedBodies} />}
      renderDetail={(d, close) => <DeliveryDetail delivery={d} now={now} onClose={close} reprocess={reprocess} />}
    />
  );
}
