// The two listeners' sockets: loopback only, the port named when it is taken, and a close that lets a webhook
// waiting for its commit get its answer. Kept apart from the store so the front loads no SQLite code.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { continueWithinCap } from '../ingest/rawBody';

export const LOOPBACK = '127.0.0.1';

export function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops accepting; requests in flight get `graceMs` to finish (a webhook waiting for its commit). */
export function closeServer(server: http.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    if (graceMs === 0) server.closeAllConnections();
    else setTimeout(() => server.closeAllConnections(), graceMs).unref();
  });
}

/** The port a listener could not take, in words; any other error as it is. */
export function listenError(error: unknown): Error {
  const e = error as NodeJS.ErrnoException & { port?: number };
  return e.code === 'EADDRINUSE' ? new Error(`Port ${e.port} is already in use: choose another or 0 for any free port.`) : e;
}

/**
 * A listener's routes, known once the store is open: the port is taken first (the tunnel forwards to it),
 * and a request that comes meanwhile waits for them rather than being refused (a window reconnecting, a
 * webhook retried). If the store never opens it is answered 503.
 */
export class PendingRoutes {
  private routes: http.RequestListener | null = null;
  private readonly waiting: (() => void)[] = [];
  private failed = false;

  readonly listener: http.RequestListener = (req, res) => {
    if (this.routes) return void this.routes(req, res);
    if (this.failed) return void res.writeHead(503).end();
    this.waiting.push(() => (this.routes ? void this.routes(req, res) : void res.writeHead(503).end()));
  };

  ready(routes: http.RequestListener): void {
    this.routes = routes;
    this.waiting.splice(0).forEach((go) => go());
  }

  fail(): void {
    this.failed = true;
    this.waiting.splice(0).forEach((go) => go());
  }
}

/** The webhook and app listeners, their ports taken and their routes still pending (see PendingRoutes). */
export interface Listeners {
  readonly webhookPort: number;
  readonly appPort: number;
  readonly webhookRoutes: PendingRoutes;
  readonly appRoutes: PendingRoutes;
  readonly webhookServer: http.Server;
  readonly appServer: http.Server;
  /** The store did not open: whoever waits is answered 503, and both close at once. */
  fail(): Promise<void>;
  /** Stops both; a webhook waiting for its commit gets 5 s to be answered. */
  close(): Promise<void>;
}

/**
 * Takes both ports (0: any free one) on loopback. If either cannot be taken, both are closed, `onFailure` runs
 * (the caller's data-folder lock is released) and the error names the port.
 */
export async function openListeners(ports: { webhookPort?: number; appPort?: number }, onFailure?: () => void): Promise<Listeners> {
  const webhookRoutes = new PendingRoutes();
  const appRoutes = new PendingRoutes();
  const webhookServer = http.createServer(webhookRoutes.listener);
  const appServer = http.createServer(appRoutes.listener);
  continueWithinCap(webhookServer);
  webhookServer.keepAliveTimeout = 65_000;
  const fail = async () => {
    webhookRoutes.fail();
    appRoutes.fail();
    await Promise.all([closeServer(webhookServer, 0), closeServer(appServer, 0)]);
  };
  try {
    const webhookPort = await listen(webhookServer, ports.webhookPort ?? 0);
    const appPort = await listen(appServer, ports.appPort ?? 0);
    const close = async () => {
      await Promise.all([closeServer(webhookServer, 5000), closeServer(appServer, 0)]);
    };
    return { webhookPort, appPort, webhookRoutes, appRoutes, webhookServer, appServer, fail, close };
  } catch (error) {
    await fail();
    onFailure?.();
    throw listenError(error);
  }
}
