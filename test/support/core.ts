// Starts the real core (SQLite file in a temp dir, listeners on loopback) inside the test process.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCore, type Core, type CoreOptions } from '../../electron/core/core';

export interface TestCore extends Core {
  dataDir: string;
  post(body: string | Buffer, headers?: Record<string, string>): Promise<{ status: number; text: string }>;
  /** A request to the app listener with the app's key (`Authorization: Bearer`), as a script of this user's would send it. */
  appFetch(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  api<T>(pathAndQuery: string): Promise<T>;
  stop(): Promise<void>;
}

export function tempDir(prefix = 'call-alerts-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function postWebhook(url: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: res.status, text: await res.text() };
}

/** `fetch` of a path on the app listener, carrying its key. */
export function fetchWithKey(appUrl: string, key: string, pathAndQuery: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${key}`);
  return fetch(new URL(pathAndQuery, appUrl), { ...init, headers });
}

export async function startTestCore(options: Partial<CoreOptions> = {}): Promise<TestCore> {
  const dataDir = options.dataDir ?? tempDir();
  const core = await startCore({ webhookPort: 0, appPort: 0, timeZone: 'UTC', ...options, dataDir });
  return Object.assign(core, {
    dataDir,
    post: (body: string | Buffer, headers?: Record<string, string>) => postWebhook(core.webhookUrl, body, headers),
    appFetch: (pathAndQuery: string, init?: RequestInit) => fetchWithKey(core.appUrl, core.appKey, pathAndQuery, init),
    async api<T>(pathAndQuery: string): Promise<T> {
      const res = await fetchWithKey(core.appUrl, core.appKey, pathAndQuery);
      if (!res.ok) throw new Error(`${pathAndQuery} → ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async stop() {
      await core.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** Cores a test file starts with `start`, each stopped after its test by the `afterEach` the file registers with `stopStarted`. */
export function corePool() {
  const started: TestCore[] = [];
  return {
    async start(options: Partial<CoreOptions> = {}): Promise<TestCore> {
      const core = await startTestCore(options);
      started.push(core);
      return core;
    },
    stopStarted: () => Promise.all(started.splice(0).map((core) => core.stop())),
  };
}
