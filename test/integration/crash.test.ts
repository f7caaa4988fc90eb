// kill -9 while deliveries are in flight: every delivery that got a 2xx must be in the database after restart,
// and the database must pass PRAGMA integrity_check.

import Database from 'better-sqlite3';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HealthOk } from '../../shared/api';
import { DATABASE_FILE } from '../../electron/core/store/db';
import { tempDir } from '../support/core';
import { spawnHeadless } from '../support/headless';
import { envelope, startNotification } from '../support/payloads';

function post(agent: http.Agent, url: URL, body: string): Promise<number> {
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

describe('crash safety', () => {
  const dataDir = tempDir();
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged delivery through kill -9', async () => {
    const server = await spawnHeadless(['--data-dir', dataDir, '--webhook-port', '0', '--app-port', '0']);
    const url = new URL(server.webhookUrl);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    const acknowledged: string[] = [];
    const failed: string[] = [];
    let killed = false;
    let sent = 0;
    const killAfter = 400;

    const worker = async (w: number) => {
      for (let i = 0; i < 10_000 && !killed; i++) {
        const id = `crash-${w}-${i}`;
        const body = envelope(
          [
            startNotification({
              telmetricsId: '0',
              callerNumber: `905${String(w).padStart(3, '0')}${String(i).padStart(4, '0')}`,
              localStart: '2019-11-15T09:09:54',
              ringUtc: '2019-11-15T14:09:46.100',
            }),
          ],
          { id },
        );
        sent++;
        try {
          const status = await post(agent, url, body);
          if (status >= 200 && status < 300) acknowledged.push(id);
          else failed.push(`${id}: ${status}`);
        } catch {
          failed.push(id); // in flight when the process died: never acknowledged
        }
        if (acknowledged.length >= killAfter && !killed) {
          killed = true;
          await server.kill();
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, (_, w) => worker(w)));
    agent.destroy();

    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);
    expect(failed.length).toBeGreaterThan(0); // some were in flight: the test really interrupted work

    // Restart: WAL recovery, migrations, then every acknowledged delivery must be there.
    const again = await spawnHeadless(['--data-dir', dataDir, '--webhook-port', '0', '--app-port', '0']);
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
      const missing = acknowledged.filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      const events = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM events`).get()!;
      expect(events.n).toBe(stored.size);
    } finally {
      db.close();
    }
    console.log(
      `crash test: ${sent} sent, ${acknowledged.length} acknowledged before kill -9, ${failed.length} cut off; all acknowledged found after restart`,
    );
  }, 60_000);
});
