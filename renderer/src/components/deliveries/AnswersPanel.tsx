// The catch-up tab: the answers kept from the vendor's calls API, newest first, with the same filter, paging,
// detail and Re-process as the webhook tab.

import type { ApiAnswerView } from '../../../../shared/api';
import { useAnswerList, useApiAnswer, useReprocess, type InspectorNavigate } from '../../data/deliveries';
import { ANSWER_OUTCOMES, type AnswerOutcome, type InspectorRoute } from '../../model/route';
import { AnswerDetail } from './AnswerDetail';
import { InspectorPanel } from './InspectorPanel';
import { FilterButtons, type FilterChoice } from './ListParts';
import { emptyAnswerWords, KIND_LABELS } from './words';

const CHOICES: FilterChoice<AnswerOutcome>[] = [{ value: null, label: 'All' }, ...ANSWER_OUTCOMES.map((o) => ({ value: o, label: KIND_LABELS[o] }))];

const kindOf = (a: ApiAnswerView) => a.outcome;

export function AnswersPanel({ route, navigate, now }: { route: InspectorRoute; navigate: InspectorNavigate; now: number }) {
  const list = useAnswerList(route.outcome);
  // The detail's body comes from this read alone: list items do not carry it.
  const detail = useApiAnswer(route.selected);
  const reprocess = useReprocess('answers');
  const whats = route.outcome ? `${route.outcome} answers` : 'answers';
  return (
    <InspectorPanel
      route={route}
      navigate={navigate}
      now={now}
      list={list}
      detail={detail}
      kindOf={kindOf}
      noun="catch-up answer"
      rowTestId="answer-row"
      listLabel="Catch-up answers, newest first"
      countNouns={[whats.replace(/s$/, ''), whats]}
      listErrorWords="Could not load the catch-up answers"
      newerWords="Catch-up has kept new answers since."
      emptyWords={emptyAnswerWords(route.outcome)}
      tools={<FilterButtons label="Show" choices={CHOICES} value={route.outcome} onChange={(outcome) => navigate({ ...route, outcome })} />}
      renderDetail={(a, close) => <AnswerDetail answer={a} now={now} onClose={close} reprocess={reprocess} />}
    />
  );
}
