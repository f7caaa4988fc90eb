// The two loopback listeners both cores open (core.ts in-thread, workerFront.ts with the store in a worker):
// loopback only, requests that come before the routes wait for them, a port that cannot be taken closes the
// other one and releases the caller's lock.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LOOPBACK, openListeners } from '../../electron/core/thread/loopback';

function get(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: LOOPBACK, port, path: '/', agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

async function busyPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const blocker = http.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, LOOPBACK, resolve));
  return { port: (blocker.address() as AddressInfo).port, close: () => new Promise((resolve) => blocker.close(() => resolve())) };
}

describe('openListeners', () => {
  it('listens on loopback only, and a request before the routes waits for them', async () => {
    const listeners = await openListeners({});
    try {
      expect((listeners.webhookServer.address() as AddressInfo).address).toBe(LOOPBACK);
      expect((listeners.appServer.address() as AddressInfo).address).toBe(LOOPBACK);
      expect(listeners.webhookServer.keepAliveTimeout).toBe(65_000);
      const early = get(listeners.appPort);
      await new Promise((resolve) => setTimeout(resolve, 50));
      listeners.appRoutes.ready((_req, res) => res.end('app'));
      listeners.webhookRoutes.ready((_req, res) => res.end('hook'));
      expect(await early).toEqual({ status: 200, body: 'app' });
      expect(await get(listeners.webhookPort)).toEqual({ status: 200, body: 'hook' });
    } finally {
      await listeners.close();
    }
  });

  it('answers 503 to whoever waits when the store does not open, and frees both ports', async () => {
    const listeners = await openListeners({});
    const waiting = get(listeners.webhookPort);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await listeners.fail();
    expect((await waiting).status).toBe(503);
    const again = await openListeners({ webhookPort: listeners.webhookPort, appPort: listeners.appPort });
    await again.close();
  });

  it('a port in use: closes the one already taken, releases the lock once, and names the port', async () => {
    const busy = await busyPort();
    const free = await busyPort();
    await free.close();
    let released = 0;
    try {
      await expect(openListeners({ webhookPort: free.port, appPort: busy.port }, () => released++)).rejects.toThrow(
        `Port ${busy.port} is already in use`,
      );
    } finally {
      await busy.close();
    }
    expect(released).toBe(1);
    // The webhook port it had taken is free again.
    const reopened = await openListeners({ webhookPort: free.port });
    expect(reopened.webhookPort).toBe(free.port);
    await reopened.close();
  });
});
