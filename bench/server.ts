// A baseline server, in its own process (forked by processes.ts; the core itself runs in coreHost.ts):
//   bare          node:http answering 200 to every request after reading its body, storing nothing: the ceiling
//   receiver      the core's own webhook listener (express, token check, body cap) answering without storing:
//                 what the HTTP side alone costs
//   naive-ingest  the straightforward handler: express + better-sqlite3, one synchronous=FULL commit per request
//   naive-search  express + better-sqlite3 over a call database, searching with LIKE '%…%' and paging with OFFSET

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import express from 'express';
import { createWebhookApp } from '../electron/core/ingest/webhookApp';

export type ServerKind = 'bare' | 'receiver' | 'naive-ingest' | 'naive-search';

export interface ServerOptions {
  kind: ServerKind;
  /** A data folder: the core's, the naive handler's database folder, or the database to search. */
  dataDir: string;
}

export type ServerReady = { type: 'ready'; url: string; appUrl: string | null };
export type ServerReply = { type: 'alerts'; latenciesMs: number[]; deliveries: number; batches: number };

const LOOPBACK = '127.0.0.1';

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, LOOPBACK, () => resolve(`http://${LOOPBACK}:${(server.address() as AddressInfo).port}`)));
}

async function startBare(): Promise<ServerReady> {
  const server = http.createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  return { type: 'ready', url: `${await listen(server)}/hooks/bare`, appUrl: null };
}

async function startReceiverOnly(): Promise<ServerReady> {
  const token = 'bench-receiver-only-0000000000';
  let deliveryId = 0;
  const app = createWebhookApp(() => token, {
    receive: async () => ({ deliveryId: ++deliveryId, status: 200, outcome: 'accepted', reason: null, changes: [] }),
  });
  return { type: 'ready', url: `${await listen(http.createServer(app))}/hooks/${token}`, appUrl: null };
}

async function startNaiveIngest(dataDir: string): Promise<ServerReady> {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'naive.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS webhooks (id INTEGER PRIMARY KEY, received_at TEXT, envelope_id TEXT, headers TEXT, body BLOB)`);
  const insert = db.prepare(`INSERT INTO webhooks (received_at, envelope_id, headers, body) VALUES (?, ?, ?, ?)`);
  const app = express();
  app.post('/hooks/:token', express.raw({ type: () => true, limit: '1mb' }), (req, res) => {
    const body = req.body as Buffer;
    let envelopeId: string | null;
    try {
      const id = (JSON.parse(body.toString('utf8')) as { Id?: unknown }).Id;
      envelopeId = typeof id === 'string' || typeof id === 'number' ? String(id) || null : null;
    } catch {
      envelopeId = null;
    }
    insert.run(new Date().toISOString(), envelopeId, JSON.stringify(req.headers), body);
    res.json({ ok: true });
  });
  return { type: 'ready', url: `${await listen(http.createServer(app))}/hooks/naive`, appUrl: null };
}

async function startNaiveSearch(dataDir: string): Promise<ServerReady> {
  const db = new Database(path.join(dataDir, 'calls.sqlite'), { readonly: true });
  const app = express();
  app.set('query parser', 'simple');
  app.get('/api/calls', (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.like) {
      where.push(`data LIKE ?`);
      params.push(`%${q.like}%`);
    }
    if (q.from) {
      where.push(`started_ms >= ?`);
      params.push(Date.parse(q.from));
    }
    if (q.to) {
      where.push(`started_ms < ?`);
      params.push(Date.parse(q.to));
    }
    if (q.status) {
      where.push(`outcome = ?`);
      params.push(q.status);
    }
    const sql = `SELECT id, data FROM calls ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY started_ms DESC, id DESC LIMIT ? OFFSET ?`;
    const rows = db.prepare<unknown[], { id: number; data: string }>(sql).all(...params, Number(q.limit ?? 50), Number(q.offset ?? 0));
    res.json({ calls: rows.map((r) => ({ id: r.id, ...(JSON.parse(r.data) as object) })) });
  });
  return { type: 'ready', url: await listen(http.createServer(app)), appUrl: null };
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as ServerOptions;
  const starters: Record<ServerKind, () => Promise<ServerReady>> = {
    bare: startBare,
    receiver: startReceiverOnly,
    'naive-ingest': () => startNaiveIngest(options.dataDir),
    'naive-search': () => startNaiveSearch(options.dataDir),
  };
  process.send!(await starters[options.kind]());
  process.on('disconnect', () => process.exit(0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
