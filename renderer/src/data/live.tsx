// The core's pushes for the whole window: one subscription to the call stream and one to the tunnel status,
// written into the query cache, and the call changes fanned out to whoever listens (the toasts). Also the
// link state for the header: when the link comes back after a drop, every query is read again, since
// pushes were missed meanwhile (and once when it first opens, for changes before it did).

import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useEffectEvent, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CallStreamEvent } from '../../../shared/api';
import type { ConnectionState } from '../../../shared/bridge';
import { useApi } from './api';
import { writeCallPush, writeTunnelPush } from './cache';

type Listener = (event: CallStreamEvent) => void;

interface LiveFeed {
  listen(listener: Listener): () => void;
  connection: ConnectionState | 'connecting';
}

const LiveContext = createContext<LiveFeed | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const client = useQueryClient();
  const listeners = useRef(new Set<Listener>());
  const [connection, setConnection] = useState<LiveFeed['connection']>('connecting');

  useEffect(() => {
    // Reads made before the stream first opened may have missed a change pushed meanwhile, as after a drop.
    let missed = true;
    const offTunnel = api.onTunnelChange((status) => writeTunnelPush(client, status));
    const offCalls = api.subscribe(
      (event) => {
        writeCallPush(client, event.call);
        for (const listener of listeners.current) listener(event);
      },
      (state) => {
        setConnection(state);
        if (state === 'reconnecting') missed = true;
        else if (missed) {
          missed = false;
          void client.invalidateQueries();
        }
      },
    );
    return () => {
      offCalls();
      offTunnel();
    };
  }, [api, client]);

  const listen = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const feed = useMemo<LiveFeed>(() => ({ connection, listen }), [connection, listen]);
  return <LiveContext.Provider value={feed}>{children}</LiveContext.Provider>;
}

function useFeed(): LiveFeed {
  const feed = useContext(LiveContext);
  if (!feed) throw new Error('useLive outside LiveProvider');
  return feed;
}

/** Calls `listener` for every streamed call change (after it is in the cache); the latest listener is used. */
export function useLiveCalls(listener: Listener): void {
  const { listen } = useFeed();
  const onEvent = useEffectEvent(listener);
  useEffect(() => listen((event) => onEvent(event)), [listen]);
}

export function useConnection(): LiveFeed['connection'] {
  return useFeed().connection;
}

/** A clicked desktop notification (Electron) asks the window to show a call. */
export function useOpenCallRequests(open: (id: number) => void): void {
  const api = useApi();
  const onOpen = useEffectEvent(open);
  useEffect(() => api.onOpenCall?.((id) => onOpen(id)), [api]);
}
