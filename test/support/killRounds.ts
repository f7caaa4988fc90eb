// kill -9 while webhooks are in flight, for the crash tests (store on the main thread or in its worker): senders
// on keep-alive connections note every 2xx, the headless child is SIGKILLed once enough are acknowledged, and a
// restart on the same data folder must hold every acknowledged delivery in a database that passes integrity_check.

import Database from 'better-sqlite3';
import http from 'node:http';
import path from 'node:path';
import { expect } from 'vitest';
import type { HealthOk } from '../../shared/api';
import { DATABASE_FILE } from '../../electron/core/store/db';
import { spawnHeadless, type HeadlessServer } from './headless';

export const HEADLESS_ARGS = ['--webhook-port', '0', '--app-port', '0'];

/** One POST on the agent's kept-alive sockets; resolves with the status once the answer is read. */
export function post(agent: http.Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface Interrupted {
  sent: number;
  /** Envelope ids answered 2xx before the kill. */
  acknowledged: string[];
  /** Deliveries not acknowledged: another status, or in flight when the process died. */
  cutOff: number;
}

/** `senders` post `delivery(w, i)` in a loop until `killAfter` are acknowledged, then the child is SIGKILLed with more in flight. */
export async function sendUntilKilled(
  server: HeadlessServer,
  { senders, killAfter, delivery }: { senders: number; killAfter: number; delivery: (w: number, i: number) => { id: string; body: string } },
): Promise<Interrupted> {
  const url = new URL(server.webhookUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: senders });
  const result: Interrupted = { sent: 0, acknowledged: [], cutOff: 0 };
  let killed = false;
  const sender = async (w: number) => {
    // Bounded, so a child that never acknowledges fails the test instead of looping.
    for (let i = 0; i < 10_000 && !killed; i++) {
      const { id, body } = delivery(w, i);
      result.sent++;
      try {
        const status = await post(agent, url, body);
        if (status >= 200 && status < 300) result.acknowledged.push(id);
        else result.cutOff++;
      } catch {
        result.cutOff++; // in flight when the process died: never acknowledged
      }
      if (result.acknowledged.length >= killAfter && !killed) {
        killed = true;
        await server.kill();
      }
    }
  };
  await Promise.all(Array.from({ length: senders }, (_, w) => sender(w)));
  agent.destroy();
  return result;
}

/**
 * Starts the app again on `dataDir` (WAL recovery, migrations) and stops it, then checks the file: integrity_check
 * passes and every acknowledged delivery is stored as accepted. Returns the accepted deliveries' and events' counts.
 */
export async function expectAcknowledgedKept(dataDir: string, acknowledged: string[]): Promise<{ accepted: number; events: number }> {
  const again = await spawnHeadless(['--data-dir', dataDir, ...HEADLESS_ARGS]);
  const health = (await (await again.appFetch('/api/health')).json()) as HealthOk;
  expect(health.calls).toBeGreaterThanOrEqual(acknowledged.length);
  expect(await again.stop()).toBe(0);

  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Set(
      db
        .prepare<[], { envelope_id: string }>(`SELECT envelope_id FROM deliveries WHERE outcome = 'accepted'`)
        .all()
        .map((r) => r.envelope_id),
    );
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    const events = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM events`).get()!.n;
    return { accepted: stored.size, events };
  } finally {
    db.close();
  }
}
