// What arrived, for whoever set the app up and wants to know why a call is missing: every webhook delivery
// (accepted or not) and every answer catch-up kept from the vendor's API, each with its detail, its body
// shown as text (never HTML), and Re-process for one that failed before a fix.

import type { ReactNode } from 'react';
import { useInspectorRoute } from '../data/deliveries';
import { formatInspectorRoute, NO_INSPECTOR_FILTERS, type InspectorTab } from '../model/route';
import { AnswersPanel } from './deliveries/AnswersPanel';
import { WebhooksPanel } from './deliveries/WebhooksPanel';

const TABS: [InspectorTab, string][] = [
  ['webhooks', 'Webhooks'],
  ['answers', 'Catch-up answers'],
];

export function DeliveriesView({ now }: { now: number }): ReactNode {
  const { route, navigate } = useInspectorRoute();
  return (
    <section className="page page--inspector" aria-labelledby="deliveries-title">
      <div className="page__head">
        <h2 id="deliveries-title">Deliveries</h2>
        <p className="muted">
          Everything Marketing Edge sent to this PC, newest first, and what Call Alerts did with it. Choose one to see exactly what arrived.
        </p>
      </div>
      <nav className="inspector-tabs" aria-label="What to inspect">
        {TABS.map(([tab, label]) => (
          <a
            key={tab}
            href={formatInspectorRoute({ ...NO_INSPECTOR_FILTERS, tab })}
            className="inspector-tabs__tab"
            aria-current={route.tab === tab ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate({ ...NO_INSPECTOR_FILTERS, tab });
            }}
          >
            {label}
          </a>
        ))}
      </nav>
      {route.tab === 'webhooks' ? (
        <WebhooksPanel route={route} navigate={navigate} now={now} />
      ) : (
        <AnswersPanel route={route} navigate={navigate} now={now} />
      )}
    </section>
  );
}
