// The two listeners' sockets: loopback only, the port named when it is taken, and a close that lets a webhook
// waiting for its commit get its answer. Kept apart from the store so the front loads no SQLite code.

import type http from 'node:http';
import type { AddressInfo } from 'node:net';

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
