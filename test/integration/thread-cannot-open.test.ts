// A restarted store worker that cannot open the call database: something else where the file should be (a
// folder, a file that is not a database), another program's lock, a full disk: each fails SQLite's open even
// for root. While it lasts the front says why (health, the database problem the tray and window show) and
// webhooks get 503, never 200; once the cause is gone the next start opens it and calls flow. Real worker
// thread, real HTTP, real SQLite files, a real other process.

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HealthOk, HealthResponse, ListCallsResponse } from '../../shared/api';
import type { DatabaseProblem } from '../../electron/core/store/databaseHealth';
import { blockDatabase, unblockDatabase } from '../support/blockedDatabase';
import { tempDir } from '../support/core';
import { startTestFront, type TestFront } from '../support/front';
import { ROOT } from '../support/headless';
import { envelope, startNotification } from '../support/payloads';

let running: TestFront | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

let serial = 0;
function callStart(): { body: string; number: string } {
  serial++;
  const number = `416556${String(serial).padStart(4, '0')}`;
  const start = startNotification({
    telmetricsId: `7200${serial}`,
    callerNumber: number,
    localStart: '2026-11-02T09:00:00',
    ringUtc: '2026-11-02T14:00:00.000',
  });
  return { body: envelope([start], { id: `cannot-open-${serial}` }), number };
}

async function until(what: string, done: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a restarted store worker that cannot open the call database', () => {
  for (const [blocker, cause, words] of [
    ['folder', 'not-allowed', /the file cannot be opened \(its permissions changed, or something else is in its place\)/],
    ['not-a-database', 'unreadable', /not a call database, or it is damaged.*restore the latest backup/],
  ] as const) {
    it(`says why (${blocker} in its place), answers 503, never 200, and takes calls again once the file is back`, async () => {
      const t = (running = await startTestFront());
      const before = callStart();
      expect((await t.post(before.body)).status).toBe(200);
      const told: (DatabaseProblem | null)[] = [];
      t.front.database.onChange((problem) => told.push(problem));

      const aside = blockDatabase(t.dataDir, blocker);
      await t.crashWorker();
      await until('the failed start', () => t.front.storeThread().cannotOpen !== null);
      expect(t.front.storeThread()).toMatchObject({ state: 'restarting', cannotOpen: cause });
      expect(t.front.storeThread().lastExit).toMatch(/^The call database could not be opened: /);

      // The tray and window read this problem; health carries it, with the key and without.
      const problem = t.front.database.check();
      expect(problem).toMatchObject({ kind: 'cannot-open', file: path.join(t.dataDir, 'calls.sqlite') });
      expect(problem!.reason).toMatch(words);
      expect(problem!.reason).toMatch(/^Call Alerts cannot open its call database .*Call Alerts keeps trying/);
      expect(told.at(-1)).toEqual(problem);
      const health = await t.appFetch('/api/health');
      expect(health.status).toBe(503);
      const body = (await health.json()) as Extract<HealthResponse, { ok: false }>;
      expect(body).toMatchObject({ ok: false, problem: 'cannot-open', error: problem!.reason });
      // No stack, no SQLite internals: words a receptionist reads.
      expect(body.error).not.toMatch(/\n|\bat .*\(|SQLITE_|unable to open/);
      const anonymous = (await (await fetch(`${t.front.appUrl}api/health`)).json()) as Record<string, unknown>;
      expect(anonymous).toMatchObject({ ok: false, problem: 'cannot-open', error: problem!.reason });

      // It keeps trying, and each webhook meanwhile is refused so Marketing Edge sends it again.
      const restarts = t.front.storeThread().restarts;
      const whileDown: number[] = [];
      for (let i = 0; i < 5; i++) whileDown.push((await t.post(callStart().body)).status);
      expect(whileDown).toEqual([503, 503, 503, 503, 503]);
      await until('another try', () => t.front.storeThread().restarts > restarts);
      expect(t.front.storeThread().cannotOpen).toBe(cause);

      unblockDatabase(t.dataDir, aside);
      await t.waitFor('running');
      expect(t.front.storeThread().cannotOpen).toBeNull();
      expect(t.front.database.check()).toBeNull();
      expect(told.at(-1)).toBeNull();
      const after = callStart();
      expect((await t.post(after.body)).status).toBe(200);
      const healthAgain = await t.api<HealthOk>('/api/health');
      expect(healthAgain).toMatchObject({ ok: true, calls: 2 });
      const { calls } = await t.api<ListCallsResponse>('/api/calls?limit=10');
      expect(calls.map((c) => c.callerNumber).sort()).toEqual([before.number, after.number].sort());
    }, 60_000);
  }

  it('says another program holds the file while one does (its exclusive lock), and opens once it lets go', async () => {
    const t = (running = await startTestFront());
    expect((await t.post(callStart().body)).status).toBe(200);
    // Aside while the worker restarts, so the other program can take the file before the worker does.
    const aside = blockDatabase(t.dataDir, 'folder');
    await t.crashWorker();
    await until('the first failed start', () => t.front.storeThread().cannotOpen === 'not-allowed');
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1]);
         db.pragma('locking_mode = EXCLUSIVE');
         db.exec('CREATE TABLE held_by_another_program(x); DROP TABLE held_by_another_program;');
         console.log('holding');
         process.stdin.on('end', () => process.exit(0)).resume();`,
        path.join(aside, 'calls.sqlite'),
      ],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.once('data', () => resolve());
        holder.once('exit', (code) => reject(new Error(`The holder ended (${code}) before it held the file`)));
      });
      unblockDatabase(t.dataDir, aside);
      await until('a start refused by the lock', () => t.front.storeThread().cannotOpen === 'in-use', 40_000);
      expect(t.front.database.check()!.reason).toMatch(/another program is holding the file\. Close the program that has it open/);
      expect((await t.post(callStart().body)).status).toBe(503);
    } finally {
      holder.stdin.end();
      await new Promise((resolve) => (holder.exitCode === null ? holder.once('exit', resolve) : resolve(null)));
    }
    await t.waitFor('running', 40_000);
    expect(t.front.storeThread().cannotOpen).toBeNull();
    expect((await t.post(callStart().body)).status).toBe(200);
  }, 120_000);

  // A real full disk: a 2 MiB tmpfs, filled. Mounting needs the right (root here); where it is refused this is skipped.
  it("on a full disk says so (SQLite's error reaches the front as its code alone), and opens once space is free", async (ctx) => {
    const disk = tempDir('call-alerts-tiny-disk-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', disk], { stdio: 'ignore' });
    } catch {
      fs.rmSync(disk, { recursive: true, force: true });
      return ctx.skip();
    }
    try {
      const t = (running = await startTestFront({ dataDir: path.join(disk, 'data') }));
      expect((await t.post(callStart().body)).status).toBe(200);
      const filler = path.join(disk, 'filler');
      expect(() => fs.writeFileSync(filler, Buffer.alloc(4 * 1024 * 1024))).toThrow(/ENOSPC/);
      await t.crashWorker();
      await until('the failed start', () => t.front.storeThread().cannotOpen !== null, 40_000);
      expect(t.front.storeThread()).toMatchObject({ state: 'restarting', cannotOpen: 'disk-full' });
      const health = (await (await t.appFetch('/api/health')).json()) as Extract<HealthResponse, { ok: false }>;
      expect(health).toMatchObject({ problem: 'cannot-open', error: expect.stringMatching(/: the disk is full\. Free some space/) });
      expect((await t.post(callStart().body)).status).toBe(503);
      fs.rmSync(filler);
      await t.waitFor('running', 40_000);
      expect((await t.post(callStart().body)).status).toBe(200);
      await running.stop();
      running = null;
    } finally {
      await running?.stop();
      running = null;
      execFileSync('umount', [disk]);
      fs.rmSync(disk, { recursive: true, force: true });
    }
  }, 120_000);

  it('while it restarts after a crash, health says so in words rather than failing bare', async () => {
    const t = (running = await startTestFront());
    // The next start is 200 ms away: health is asked before it.
    await t.crashWorker();
    const health = await t.appFetch('/api/health');
    const body = (await health.json()) as Extract<HealthResponse, { ok: false }>;
    expect(health.status).toBe(503);
    expect(body).toMatchObject({ ok: false, problem: 'restarting', error: expect.stringMatching(/restarting its call database/) });
    await t.waitFor('running');
    expect((await t.appFetch('/api/health')).status).toBe(200);
  }, 30_000);
});
