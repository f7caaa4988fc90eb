// The window: a header with the views and the link state, the public-URL warning when Marketing Edge needs
// the new URL, the current view, and the alert toasts.

import { useCallback, useEffect, useRef } from 'react';
import type { TunnelStatus } from '../../../shared/api';
import { useExportCsv } from '../data/calls';
import { useDatabaseNotice } from '../data/databaseHealth';
import { useSecretProblems } from '../data/secretsHealth';
import { useWindowAlerts } from '../data/alerts';
import { useConnection, useOpenCallRequests } from '../data/live';
import { useRoute } from '../data/route';
import { useSettings } from '../data/settings';
import { useNow } from '../data/time';
import { useTunnel } from '../data/tunnel';
import { filtersActive, listQuery, NO_FILTERS, type View } from '../model/route';
import { CallsView } from './CallsView';
import { DeliveriesView } from './DeliveriesView';
import { PublicUrlView } from './publicUrl/PublicUrlView';
import { SettingsView } from './SettingsView';
import { Toasts } from './Toasts';
import { DatabaseBanner } from './DatabaseBanner';
import { SecretsBanner } from './SecretsBanner';
import { UrlChangedBanner } from './UrlChangedBanner';

const VIEWS: [View, string][] = [
  ['calls', 'Calls'],
  ['public-url', 'Public URL'],
  ['deliveries', 'Deliveries'],
  ['settings', 'Settings'],
];

/** The dot beside "Public URL": fine, on its way, or needing the person (not set up, down, or Marketing Edge needs the new URL). */
function publicUrlHealth(status: TunnelStatus): 'ok' | 'busy' | 'bad' {
  if (status.provider === 'none' || status.state === 'failed' || status.state === 'reconnecting' || status.urlChanged) return 'bad';
  return status.state === 'online' ? 'ok' : 'busy';
}

export function App() {
  const { route, callsRoute, navigate, forgetCall } = useRoute();
  const now = useNow();
  const settings = useSettings();
  const connection = useConnection();
  const tunnel = useTunnel();
  const database = useDatabaseNotice();
  const secretProblems = useSecretProblems();
  const exportCsv = useExportCsv();

  const openCall = useCallback((id: number) => navigate({ ...callsRoute, view: 'calls', callId: id }), [navigate, callsRoute]);
  const { toasts, dismiss } = useWindowAlerts(settings.settings?.alerts ?? null, openCall);
  useOpenCallRequests(openCall);

  // Deleted test calls: the call list must not come back open on one of them.
  const testCallIds = tunnel.status?.testCalls.callIds.join(',') ?? '';
  const shownTestCalls = useRef(testCallIds);
  useEffect(() => {
    const before = shownTestCalls.current.split(',');
    shownTestCalls.current = testCallIds;
    const after = testCallIds.split(',');
    for (const id of before) if (id && !after.includes(id)) forgetCall(Number(id));
  }, [testCallIds, forgetCall]);

  useEffect(() => {
    const label = VIEWS.find(([v]) => v === route.view)?.[1] ?? 'Calls';
    document.title = `${label} – Call Alerts`;
  }, [route.view]);

  const go = (view: View) => navigate(view === 'calls' ? callsRoute : { view, filters: NO_FILTERS, callId: null });
  const savedFilters = callsRoute.filters;

  return (
    <div className="app">
      <header className="topbar">
        <h1 className="topbar__title">Call Alerts</h1>
        <nav className="topbar__nav" aria-label="Views">
          {VIEWS.map(([view, label]) => (
            <a
              key={view}
              href={`#/${view}`}
              className="topbar__link"
              aria-current={route.view === view ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                go(view);
              }}
            >
              {label}
              {view === 'public-url' && tunnel.status && (
                <span className={`nav-dot nav-dot--${publicUrlHealth(tunnel.status)}`} aria-hidden="true" data-testid="public-url-dot" />
              )}
            </a>
          ))}
        </nav>
        {database ? (
          <span className="link-state link-state--reconnecting" role="status" data-testid="link-state">
            Not storing calls
          </span>
        ) : (
          <span className={`link-state link-state--${connection}`} role="status" data-testid="link-state">
            {connection === 'live' ? 'Live' : connection === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
          </span>
        )}
      </header>
      <DatabaseBanner notice={database} />
      <SecretsBanner problems={secretProblems} />
      <UrlChangedBanner status={tunnel.status} confirm={tunnel.confirm} />
      <main className="main">
        {route.view === 'calls' && (
          <CallsView
            route={route}
            now={now}
            settings={settings.settings}
            testCalls={tunnel.status?.testCalls ?? null}
            onNavigate={navigate}
            onSetUpPublicUrl={() => go('public-url')}
          />
        )}
        {route.view === 'public-url' && (
          <PublicUrlView tunnel={tunnel} localWebhookUrl={settings.settings?.webhookUrl ?? null} onOpenCall={openCall} />
        )}
        {route.view === 'deliveries' && <DeliveriesView now={now} />}
        {route.view === 'settings' && (
          <SettingsView
            state={settings}
            filtersDescription={filtersActive(savedFilters) ? 'the calls matching the filters of the call list' : 'every call'}
            onExport={() => void exportCsv(listQuery(savedFilters, new Date()))}
          />
        )}
      </main>
      <Toasts toasts={toasts} onOpen={openCall} onDismiss={dismiss} />
    </div>
  );
}
