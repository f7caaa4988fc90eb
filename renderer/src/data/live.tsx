// One subscription to the core's call stream for the whole window, fanned out to whoever listens
// (the list, the open call, toasts), plus the link state for the header.

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CallStreamEvent } from '../../../shared/api';
import type { ConnectionState } from '../../../shared/bridge';
import { useApi } from './api';

type Listener = (event: CallStreamEvent) => void;

interface LiveFeed {
  listen(listener: Listener): () => void;
  /** Listeners told when the link comes back after a drop: calls may have been missed meanwhile. */
  onReconnect(listener: () => void): () => void;
  connection: ConnectionState | 'connecting';
}

const LiveContext = createContext<LiveFeed | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const listeners = useRef(new Set<Listener>());
  const reconnects = useRef(new Set<() => void>());
  const [connection, setConnection] = useState<LiveFeed['connection']>('connecting');

  useEffect(() => {
    let dropped = false;
    return api.subscribe(
      (event) => {
        for (const listener of listeners.current) listener(event);
      },
      (state) => {
        setConnection(state);
        if (state === 'reconnecting') dropped = true;
        else if (dropped) {
          dropped = false;
          for (const listener of reconnects.current) listener();
        }
      },
    );
  }, [api]);

  const listen = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const onReconnect = useCallback((listener: () => void) => {
    reconnects.current.add(listener);
    return () => void reconnects.current.delete(listener);
  }, []);
  const feed = useMemo<LiveFeed>(() => ({ connection, listen, onReconnect }), [connection, listen, onReconnect]);
  return <LiveContext.Provider value={feed}>{children}</LiveContext.Provider>;
}

function useFeed(): LiveFeed {
  const feed = useContext(LiveContext);
  if (!feed) throw new Error('useLive outside LiveProvider');
  return feed;
}

/** Calls `listener` for every streamed call change; the latest listener is used without resubscribing. */
export function useLiveCalls(listener: Listener, onReconnect?: () => void): void {
  const feed = useFeed();
  const latest = useRef({ listener, onReconnect });
  latest.current = { listener, onReconnect };
  useEffect(() => {
    const offCall = feed.listen((event) => latest.current.listener(event));
    const offReconnect = feed.onReconnect(() => latest.current.onReconnect?.());
    return () => {
      offCall();
      offReconnect();
    };
  }, [feed.listen, feed.onReconnect]);
}

export function useConnection(): LiveFeed['connection'] {
  return useFeed().connection;
}

/** A clicked desktop notification (Electron) asks the window to show a call. */
export function useOpenCallRequests(open: (id: number) => void): void {
  const api = useApi();
  const latest = useRef(open);
  latest.current = open;
  useEffect(() => api.onOpenCall?.((id) => latest.current(id)), [api]);
}
