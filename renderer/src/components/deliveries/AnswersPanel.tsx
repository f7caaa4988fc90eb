// The catch-up tab: the answers kept from the vendor's calls API, newest first, with the same filter, paging,
// detail and Re-process as the webhook tab.

import { useCallback } from 'react';
import type { ApiAnswerView } from '../../../../shared/api';
import { formatExactTime } from '../../../../shared/format';
import { useAnswerList, useApiAnswer, useReprocess, type InspectorNavigate } from '../../data/deliveries';
import { ANSWER_OUTCOMES, type AnswerOutcome, type InspectorRoute } from '../../model/route';
import { AnswerDetail } from './AnswerDetail';
import { CallLinks } from './CallLinks';
import { FilterButtons, focusRow, ListFooter, type FilterChoice } from './ListParts';
import { emptyAnswerWords, KIND_LABELS } from './words';

const CHOICES: FilterChoice<AnswerOutcome>[] = [{ value: null, label: 'All' }, ...ANSWER_OUTCOMES.map((o) => ({ value: o, label: KIND_LABELS[o] }))];

function AnswerRow({ a, now, selected, onOpen }: { a: ApiAnswerView; now: number; selected: boolean; onOpen: (id: number) => void }) {
  return (
    <li className={`inspector-row${selected ? ' inspector-row--selected' : ''}`} data-testid="answer-row" data-kind={a.outcome}>
      <button
        id={`inspector-row-${a.id}`}
        type="button"
        className="inspector-row__open"
        aria-current={selected || undefined}
        onClick={() => onOpen(a.id)}
      >
        <time className="inspector-row__when" dateTime={a.receivedAt}>
          {formatExactTime(a.receivedAt, now)}
        </time>
        <span className={`badge badge--kind-${a.outcome}`}>{KIND_LABELS[a.outcome]}</span>
        <span className="inspector-row__summary">{a.summary}</span>
      </button>
      {a.calls.length > 0 && (
        <div className="inspector-row__calls">
          <CallLinks calls={a.calls} max={3} />
        </div>
      )}
    </li>
  );
}

export function AnswersPanel({ route, navigate, now }: { route: InspectorRoute; navigate: InspectorNavigate; now: number }) {
  const list = useAnswerList(route.outcome);
  const detail = useApiAnswer(route.selected);
  const reprocess = useReprocess('answers');
  const open = (id: number) => navigate({ ...route, selected: id });
  const { selected } = route;
  const close = useCallback(() => {
    if (selected === null) return;
    navigate({ ...route, selected: null });
    focusRow(selected);
  }, [navigate, route, selected]);
  const whats = route.outcome ? `${route.outcome} answers` : 'answers';
  return (
    <>
      <div className="inspector-tools">
        <FilterButtons label="Show" choices={CHOICES} value={route.outcome} onChange={(outcome) => navigate({ ...route, outcome })} />
        <button type="button" className="button button--small inspector-tools__refresh" disabled={list.refreshing} onClick={list.refresh}>
          {list.refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <div className={`inspector-grid${selected !== null ? ' inspector-grid--open' : ''}`}>
        <div className="inspector-list-col">
          {list.error && (
            <p className="notice notice--error" role="alert">
              Could not load the catch-up answers: {list.error}
            </p>
          )}
          {list.loaded && !list.error && list.items.length === 0 && (
            <p className="inspector-empty" data-testid="inspector-empty">
              {emptyAnswerWords(route.outcome)}
            </p>
          )}
          {list.items.length > 0 && (
            <>
              <ul className="inspector-list" aria-label="Catch-up answers, newest first">
                {list.items.map((a) => (
                  <AnswerRow key={a.id} a={a} now={now} selected={a.id === selected} onOpen={open} />
                ))}
              </ul>
              <ListFooter
                shown={list.items.length}
                hasOlder={list.hasOlder}
                loadingOlder={list.loadingOlder}
                what={whats.replace(/s$/, '')}
                whats={whats}
                onOlder={list.loadOlder}
              />
            </>
          )}
        </div>
        {selected !== null && (
          <div className="inspector-detail-col">
            {detail.item ? (
              <AnswerDetail answer={detail.item} now={now} onClose={close} reprocess={reprocess} />
            ) : detail.notFound ? (
              <p className="notice notice--error" role="alert">
                No catch-up answer #{selected} is stored.
              </p>
            ) : detail.error ? (
              <p className="notice notice--error" role="alert">
                Could not load catch-up answer #{selected}: {detail.error}
              </p>
            ) : (
              <p className="muted">Loading catch-up answer #{selected}…</p>
            )}
          </div>
        )}
      </div>
    </>
  );
}
