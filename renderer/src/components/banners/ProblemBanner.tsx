// The one banner above every view while calls cannot reach this PC (or a feature is off): the most urgent
// problem in full, with what to do, and the others named under it.

import type { TunnelState } from '../../data/tunnel';
import type { ProblemAction, ProblemKind, WindowProblem } from '../../model/windowProblems';
import { OtherProblems } from './OtherProblems';
import { UrlChangedBanner } from './UrlChangedBanner';

const ACTION_LABELS: Record<ProblemAction, string> = {
  'open-public-url': 'Open Public URL',
  'open-catch-up-settings': 'Open catch-up settings',
};

const TEST_IDS: Record<ProblemKind, string> = {
  database: 'database-banner',
  'no-public-url': 'public-url-banner',
  'public-url-down': 'public-url-banner',
  'url-changed': 'url-changed-banner',
  'catch-up-refused': 'catch-up-banner',
  secrets: 'secrets-banner',
};

interface Props {
  problems: WindowProblem[];
  tunnel: TunnelState;
  onAction(action: ProblemAction): void;
}

export function ProblemBanner({ problems, tunnel, onAction }: Props) {
  const [first, ...rest] = problems;
  if (!first) return null;
  const others = rest.map((p) => p.title);
  const action = first.action;
  if (first.kind === 'url-changed')
    return <UrlChangedBanner status={tunnel.status} confirm={tunnel.confirm} confirmation={tunnel.confirmation} others={others} />;
  return (
    <section className="url-banner" role="alert" aria-labelledby="problem-banner-title" data-testid={TEST_IDS[first.kind]}>
      <div className="url-banner__body">
        <h2 id="problem-banner-title" className="url-banner__title">
          {first.title}
        </h2>
        {first.text.map((line) => (
          <p key={line}>{line}</p>
        ))}
        {action && (
          <div className="url-banner__row">
            <button type="button" className="button button--small button--primary" onClick={() => onAction(action)}>
              {ACTION_LABELS[action]}
            </button>
          </div>
        )}
        <OtherProblems titles={others} />
      </div>
    </section>
  );
}
