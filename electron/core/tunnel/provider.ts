// One interface for every way of getting a public URL. A provider opens a link; the supervisor
// (supervisor.ts) decides when to open, when to give up and when to start again.

import type { TunnelProviderKind } from '../../../shared/api';
import type { TunnelProblem } from '../../../shared/tunnel/problems';

/** What the tunnel forwards to: the webhook listener, on loopback. */
export interface TunnelTarget {
  host: string;
  port: number;
}

/** What an open link reports after it opened. */
export interface LinkEvents {
  /**
   * The link stopped carrying requests. `healing`: the provider reconnects by itself (ngrok, cloudflared);
   * otherwise the link is dead and the supervisor closes it and opens a new one.
   */
  down(problem: TunnelProblem, healing: boolean): void;
  /** A link that was down and healing carries requests again. */
  up(): void;
}

export interface TunnelLink {
  /** Public base URL (no path). */
  url: string;
  /** Releases everything the link holds (sessions, sockets, child processes). Safe to call twice. */
  close(): Promise<void>;
}

export interface TunnelProvider {
  readonly kind: TunnelProviderKind;
  /** Whether the URL survives a restart (so Marketing Edge is set up once). */
  readonly stableUrl: boolean;
  /** Shown beside the provider's name, or null. */
  readonly caveat: string | null;
  /**
   * Opens a link to `target`. Rejects with a TunnelError. When `signal` aborts (the supervisor's connect
   * timeout, or a stop) it must release what it started and settle at once, rejecting with `signal.reason`
   * or a more precise TunnelError.
   */
  open(target: TunnelTarget, events: LinkEvents, signal: AbortSignal): Promise<TunnelLink>;
}

/** A failure carrying the problem to show. */
export class TunnelError extends Error {
  constructor(readonly problem: TunnelProblem) {
    super(problem.reason);
    this.name = 'TunnelError';
  }
}

/** Rejects as soon as `signal` aborts; for awaiting things that cannot be cancelled themselves. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
