// The current view, read from and written to the URL hash. Typing in the search box replaces the history
// entry; opening a call or switching views pushes one, so Back works as expected.

import { useCallback, useEffect, useState } from 'react';
import { formatRoute, parseRoute, type Route } from '../model/route';

export type Navigate = (route: Route, options?: { replace?: boolean }) => void;

export function useRoute(): [Route, Navigate] {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const sync = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', sync);
    window.addEventListener('popstate', sync);
    return () => {
      window.removeEventListener('hashchange', sync);
      window.removeEventListener('popstate', sync);
    };
  }, []);
  const navigate = useCallback<Navigate>((next, options) => {
    const hash = formatRoute(next);
    if (hash !== window.location.hash) {
      if (options?.replace) window.history.replaceState(null, '', hash);
      else window.history.pushState(null, '', hash);
    }
    setRoute(parseRoute(hash));
  }, []);
  return [route, navigate];
}
