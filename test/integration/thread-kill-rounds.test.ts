// kill -9 rounds with the store in its worker thread (headless mode's default): a child process takes
// webhooks from senders that note every 200; it is SIGKILLed mid-stream and started again on the same data
// folder, several times. Every acknowledged delivery must be stored: a 200 crossed the thread boundary only
// after the worker's fsync.

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

const ROUNDS = 3;
const SENDERS = 16;

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

/** One round: senders post until `killAfter` are acknowledged, then the child is SIGKILLed with more in flight. */
async function round(dataDir: string, n: number, killAfter: number): Promise<{ acknowledged: string[]; cutOff: number }> {
  const server = await spawnHeadless(['--data-dir', dataDir, '--webhook-port', '0', '--app-port', '0']);
  expect(server.output()).toContain('in its own thread');
  const url = new URL(server.webhookUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: SENDERS });
  const acknowledged: string[] = [];
  let cutOff = 0;
  let killed = false;
  const sender = async (w: number) => {
    for (let i = 0; !killed; i++) {
      const id = `round${n}-${w}-${i}`;
      const number = `9${n}${String(w).padStart(2, '0')}${String(i).padStart(6, '0')}`;
      const body = envelope(
        [startNotification({ telmetricsId: '0', callerNumber: number, localStart: '2026-11-02T09:00:00', ringUtc: '2026-11-02T14:00:00.000' })],
        {
          id,
        },
      );
      try {
        const status = await post(agent, url, body);
        if (status === 200) acknowledged.push(id);
        else cutOff++;
      } catch {
        cutOff++; // in flight when the process died: never acknowledged
      }
      if (acknowledged.length >= killAfter && !killed) {
        killed = true;
        await server.kill();
      }
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, (_, w) => sender(w)));
  agent.destroy();
  return { acknowledged, cutOff };
}

describe('kill -9 with the store in a worker thread', () => {
  const dataDir = tempDir();
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged delivery over several rounds', async () => {
    const acknowledged: string[] = [];
    let cutOff = 0;
    for (let n = 1; n <= ROUNDS; n++) {
      const result = await round(dataDir, n, 150 + 50 * n);
      acknowledged.push(...result.acknowledged);
      cutOff += result.cutOff;
    }
    expect(cutOff).toBeGreaterThan(0); // some were in flight: the rounds really interrupted work

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
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      db.close();
    }
    console.log(`kill -9 rounds (worker store): ${ROUNDS} rounds, ${acknowledged.length} acknowledged, ${cutOff} cut off, 0 acknowledged lost`);
  }, 120_000);
});
