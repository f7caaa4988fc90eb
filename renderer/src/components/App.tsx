// The window: a header with the desk's views (the call-backs' with how many people to call back), the setup
// views grouped apart under "Setup", and the window's own link state, the banner area (why calls cannot arrive, what catch-up fetched), the current view, and the alert toasts.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { TunnelStatus } from '../../../shared/api';
import { useExportCsv } from '../data/calls';
import { useCatchUp } from '../data/catchUp';
import { useFollowUps, useFollowUpsFeed, useStartOnCallBacks } from '../data/followUps';
import { useHealth } from '../data/health';
import { useWindowAlerts } from '../data/alerts';
import { useConnection, useOpenCallRequests } from '../data/live';
import { useRoute } from '../data/route';
import { useSettings } from '../data/settings';
import { useNow } from '../data/time';
import { useTunnel } from '../data/tunnel';
import { filtersActive, listQuery, NO_FILTERS, type View } from '../model/route';
import type { ProblemAction } from '../model/windowProblems';
import { BannerArea } from './banners/BannerArea';
import { CallBacksView } from './callBacks/CallBacksView';
import { CallsView } from './CallsView';
import { DeliveriesView } from './DeliveriesView';
import { PublicUrlView } from './publicUrl/PublicUrlView';
import { SettingsView } from './SettingsView';
import { Toasts } from './Toasts';

// What the front desk uses all day, and what is set up once or looked at when a call is missing.
const DESK_VIEWS: [View, string][] = [
  ['calls', 'Calls'],
  ['call-backs', 'To call back'],
];
const SETUP_VIEWS: [View, string][] = [
  ['public-url', 'Public URL'],
  ['deliveries', 'Deliveries'],
  ['settings', 'Settings'],
];
const VIEWS = [...DESK_VIEWS, ...SETUP_VIEWS];

// The corner is about this window's link to the app on this PC, never whether calls can arrive (the banners say that).
const LINK_STATES = { live: 'Window connected', connecting: 'Connecting…', reconnecting: 'Reconnecting…' } as const;
const LINK_STATE_HINT = "This window's link to Call Alerts on this PC. Whether calls can reach this PC is shown above the views.";

/** The dot beside "Public URL": fine, on its way or not checkable from here, or needing the person (not set up, down, or Marketing Edge needs the new URL). */
function publicUrlHealth(status: TunnelStatus): 'ok' | 'busy' | 'bad' {
  if (status.provider === 'none' || status.state === 'failed' || status.state === 'reconnecting' || status.urlChanged) return 'bad';
  return status.state === 'online' && status.verified ? 'ok' : 'busy';
}

export function App() {
  const { route, callsRoute, navigate, forgetCall } = useRoute();
  const now = useNow();
  const settings = useSettings();
  const connection = useConnection();
  const tunnel = useTunnel();
  const health = useHealth();
  const catchUp = useCatchUp();
  const exportCsv = useExportCsv();
  useFollowUpsFeed();
  const toCallBack = useFollowUps('open');

  const openCall = useCallback((id: number) => navigate({ ...callsRoute, view: 'calls', callId: id }), [navigate, callsRoute]);
  const openCallOrList = useCallback(
    (id: number | null) => (id === null ? navigate({ ...callsRoute, view: 'calls', callId: null }) : openCall(id)),
    [navigate, callsRoute, openCall],
  );
  const [nameFormId, setNameFormId] = useState<number | null>(null);
  // The name form belongs to the call it was opened on: opening another call closes it, so it does not come back.
  if (nameFormId !== null && nameFormId !== callsRoute.callId) setNameFormId(null);
  const saveNameFor = useCallback(
    (id: number) => {
      setNameFormId(id);
      openCall(id);
    },
    [openCall],
  );
  const { toasts, dismiss } = useWindowAlerts(settings.settings?.alerts ?? null, openCallOrList);
  useOpenCallRequests(openCall);
  useStartOnCallBacks(toCallBack, () => navigate({ view: 'call-backs', filters: NO_FILTERS, callId: null }, { replace: true }));

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
  const onProblemAction = (action: ProblemAction) => {
    if (action === 'open-public-url') return go('public-url');
    go('settings');
    window.requestAnimationFrame(() => document.getElementById('catch-up-title')?.scrollIntoView({ block: 'start' }));
  };

  const viewLink = (view: View, label: string) => (
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
      {view === 'call-backs' && toCallBack.openCount > 0 && !toCallBack.building && (
        <span className="nav-count" data-testid="call-backs-tab-count">
          {toCallBack.openCount}
        </span>
      )}
    </a>
  );

  return (
    <div className="app">
      <header className="topbar">
        <h1 className="topbar__title">Call Alerts</h1>
        <nav className="topbar__nav" aria-label="Views">
          {DESK_VIEWS.map(([view, label]) => viewLink(view, label))}
        </nav>
        <nav className="topbar__nav topbar__nav--setup" aria-labelledby="setup-nav-label">
          <span className="topbar__group" id="setup-nav-label">
            Setup
          </span>
          {SETUP_VIEWS.map(([view, label]) => viewLink(view, label))}
        </nav>
        <span className={`link-state link-state--${connection}`} role="status" data-testid="link-state" title={LINK_STATE_HINT}>
          {LINK_STATES[connection]}
        </span>
      </header>
      <BannerArea health={health} tunnel={tunnel} catchUp={catchUp.status} view={route.view} onAction={onProblemAction} />
      <main className="main">
        {route.view === 'calls' && (
          <CallsView
            route={route}
            now={now}
            settings={settings.settings}
            testCalls={tunnel.status?.testCalls ?? null}
            nameFormId={nameFormId}
            onNameForm={setNameFormId}
            onNavigate={navigate}
            onSetUpPublicUrl={() => go('public-url')}
          />
        )}
        {route.view === 'call-backs' && <CallBacksView now={now} onOpenCall={openCall} />}
        {route.view === 'public-url' && (
          <PublicUrlView tunnel={tunnel} catchUp={catchUp} now={now} localWebhookUrl={settings.settings?.webhookUrl ?? null} onOpenCall={openCall} />
        )}
        {route.view === 'deliveries' && <DeliveriesView now={now} />}
        {route.view === 'settings' && (
          <SettingsView
            state={settings}
            catchUp={catchUp}
            now={now}
            filtersDescription={filtersActive(savedFilters) ? 'the calls matching the filters of the call list' : 'every call'}
            onExport={() => void exportCsv(listQuery(savedFilters, new Date()))}
          />
        )}
      </main>
      <Toasts toasts={toasts} onOpen={openCallOrList} onSaveName={saveNameFor} onDismiss={dismiss} />
    </div>
  );
}
