// The current view, read from and written to the URL hash. Typing in the search box replaces the history
// entry; opening a call or switching views pushes one, so Back works as expected. The calls view's route
// outlives a visit to another view (its filters, and the export in Settings uses them).

import { useCallback, useEffect, useState } from 'react';
import { formatRoute, NO_FILTERS, parseRoute, type Route } from '../model/route';

export type Navigate = (route: Route, options?: { replace?: boolean }) => void;

export interface RouteState {
  route: Route;
  /** The calls view as it was last shown (or is shown now). */
  callsRoute: Route;
  navigate: Navigate;
  /** Closes call `id` in the calls view if it is the open one (it no longer exists). */
  forgetCall(id: number): void;
}

export function useRoute(): RouteState {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  const [callsRoute, setCallsRoute] = useState<Route>(() => (route.view === 'calls' ? route : { view: 'calls', filters: NO_FILTERS, callId: null }));
  const show = useCallback((next: Route) => {
    setRoute(next);
    if (next.view === 'calls') setCallsRoute(next);
  }, []);
  useEffect(() => {
    const sync = () => show(parseRoute(window.location.hash));
    window.addEventListener('hashchange', sync);
    window.addEventListener('popstate', sync);
    return () => {
      window.removeEventListener('hashchange', sync);
      window.removeEventListener('popstate', sync);
    };
  }, [show]);
  const navigate = useCallback<Navigate>(
    (next, options) => {
      const hash = formatRoute(next);
      if (hash !== window.location.hash) {
        if (options?.replace) window.history.replaceState(null, '', hash);
        else window.history.pushState(null, '', hash);
      }
      show(parseRoute(hash));
    },
    [show],
  );
  const forgetCall = useCallback(
    (id: number) => {
      if (callsRoute.callId !== id) return;
      const closed = { ...callsRoute, callId: null };
      if (route.view === 'calls') navigate(closed, { replace: true });
      else setCallsRoute(closed);
    },
    [callsRoute, route.view, navigate],
  );
  return { route, callsRoute, navigate, forgetCall };
}
