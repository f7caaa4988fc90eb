// The window: a header with the views and the link state, the current view, and the alert toasts.

import { useCallback, useEffect, useRef } from 'react';
import { useExportCsv } from '../data/calls';
import { useWindowAlerts } from '../data/alerts';
import { useConnection, useOpenCallRequests } from '../data/live';
import { useRoute } from '../data/route';
import { useSettings } from '../data/settings';
import { useNow } from '../data/time';
import { filtersActive, listQuery, NO_FILTERS, type Route, type View } from '../state/route';
import { CallsView } from './CallsView';
import { DeliveriesView } from './DeliveriesView';
import { SettingsView } from './SettingsView';
import { Toasts } from './Toasts';

const VIEWS: [View, string][] = [
  ['calls', 'Calls'],
  ['deliveries', 'Deliveries'],
  ['settings', 'Settings'],
];

export function App() {
  const [route, navigate] = useRoute();
  const now = useNow();
  const settings = useSettings();
  const connection = useConnection();
  const exportCsv = useExportCsv();
  // The calls view's filters outlive a visit to another view (and the export in Settings uses them).
  const callsRoute = useRef<Route>(route.view === 'calls' ? route : { view: 'calls', filters: NO_FILTERS, callId: null });
  if (route.view === 'calls') callsRoute.current = route;

  const openCall = useCallback((id: number) => navigate({ ...callsRoute.current, view: 'calls', callId: id }), [navigate]);
  const { toasts, dismiss } = useWindowAlerts(settings.settings?.alerts ?? null, openCall);
  useOpenCallRequests(openCall);

  useEffect(() => {
    const label = VIEWS.find(([v]) => v === route.view)?.[1] ?? 'Calls';
    document.title = `${label} – Call Alerts`;
  }, [route.view]);

  const go = (view: View) => navigate(view === 'calls' ? callsRoute.current : { view, filters: NO_FILTERS, callId: null });
  const savedFilters = callsRoute.current.filters;

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
            </a>
          ))}
        </nav>
        <span className={`link-state link-state--${connection}`} role="status" data-testid="link-state">
          {connection === 'live' ? 'Live' : connection === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        </span>
      </header>
      <main className="main">
        {route.view === 'calls' && <CallsView route={route} now={now} settings={settings.settings} onNavigate={navigate} />}
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
