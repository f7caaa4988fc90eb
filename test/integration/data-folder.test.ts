// The data folder against other programs and bad luck: a second copy on it, the database deleted under the
// running app, a damaged database file, backups and their restore, start-up errors that say what is wrong.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HealthResponse } from '../../shared/api';
import { DATABASE_FILE } from '../../electron/core/store/db';
import { EncryptedSecretStore } from '../../electron/shell/secretStore';
import { postWebhook, startTestCore, tempDir } from '../support/core';
import { ROOT, spawnHeadless } from '../support/headless';
import { envelope, startNotification } from '../support/payloads';

const dirs: string[] = [];
function dir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function runCli(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron', 'headless.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

const call = (i: number, pad = '') =>
  envelope([
    startNotification({
      telmetricsId: String(1000 + i),
      callerNumber: `905${String(i).padStart(7, '0')}`,
      callerName: `Caller ${i}${pad}`,
      localStart: '2019-11-15T09:09:54',
      ringUtc: '2019-11-15T14:09:46.100',
    }),
  ]);

async function health(app: { appFetch(pathAndQuery: string): Promise<Response> }): Promise<{ status: number; body: HealthResponse }> {
  const res = await app.appFetch('/api/health');
  return { status: res.status, body: (await res.json()) as HealthResponse };
}

const ports = ['--webhook-port', '0', '--app-port', '0'];

describe('one copy per data folder', () => {
  it('refuses a second headless copy, names the running one, and takes over after a kill -9', async () => {
    const dataDir = dir();
    const first = await spawnHeadless(['--data-dir', dataDir, ...ports]);
    const second = runCli(['--data-dir', dataDir, ...ports]);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`Call Alerts is already running with this data folder (process ${first.process.pid})`);
    expect((await postWebhook(first.webhookUrl, call(1))).status).toBe(200);

    await first.kill();
    const third = await spawnHeadless(['--data-dir', dataDir, ...ports]);
    expect(new URL(third.webhookUrl).pathname).toBe(new URL(first.webhookUrl).pathname);
    expect((await health(third)).body).toMatchObject({ ok: true, calls: 1 });
    expect(await third.stop()).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'call-alerts.lock'))).toBe(false);
  });

  it('lets exactly one of four copies started at once take over a stale lock', async () => {
    const dataDir = dir();
    const first = await spawnHeadless(['--data-dir', dataDir, ...ports]);
    await first.kill();
    const starts = await Promise.allSettled(Array.from({ length: 4 }, () => spawnHeadless(['--data-dir', dataDir, ...ports], 40_000)));
    const running = starts.filter((s) => s.status === 'fulfilled').map((s) => s.value);
    const refused = starts.filter((s) => s.status === 'rejected').map((s) => String(s.reason));
    expect(running).toHaveLength(1);
    expect(refused).toHaveLength(3);
    for (const why of refused) expect(why).toContain(`already running with this data folder (process ${running[0]!.process.pid})`);
    expect(await running[0]!.stop()).toBe(0);
  }, 60_000);

  it('trusts a lock naming a live process only when it was written since the computer started', async () => {
    const dataDir = dir();
    const lockFile = path.join(dataDir, 'call-alerts.lock');
    fs.writeFileSync(lockFile, `${process.ppid}\n`);
    await expect(startTestCore({ dataDir })).rejects.toThrow(`already running with this data folder (process ${process.ppid})`);
    const beforeBoot = (Date.now() - os.uptime() * 1000) / 1000 - 3600;
    fs.utimesSync(lockFile, beforeBoot, beforeBoot);
    const core = await startTestCore({ dataDir });
    expect(fs.readFileSync(lockFile, 'utf8').trim()).toBe(String(process.pid));
    await core.close();
  });

  it('refuses a second core in the same process', async () => {
    const core = await startTestCore();
    await expect(startTestCore({ dataDir: core.dataDir })).rejects.toThrow(/already running with this data folder \(process \d+\)/);
    await core.stop();
  });
});

describe('the database deleted under the running app', () => {
  it('answers 503 instead of acknowledging, says why in health, and keeps the webhook URL at the next start', async () => {
    const dataDir = dir();
    const core = await startTestCore({ dataDir });
    expect((await core.post(call(1))).status).toBe(200);
    const url = core.webhookUrl;
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(dataDir, DATABASE_FILE + suffix), { force: true });

    const refused = await core.post(call(2));
    expect(refused.status).toBe(503);
    const h = await health(core);
    expect(h.status).toBe(503);
    expect(h.body).toMatchObject({ ok: false, problem: 'lost', file: path.join(dataDir, DATABASE_FILE) });
    expect(h.body.ok === false && h.body.error).toContain('was deleted');
    await core.close();

    const again = await startTestCore({ dataDir, webhookPort: 0 });
    expect(new URL(again.webhookUrl).pathname).toBe(new URL(url).pathname);
    expect((await again.post(call(3))).status).toBe(200);
    await again.close();
  });

  it('still starts where the secret store cannot be used (no keyring), the token then kept in the database', async () => {
    const dataDir = dir();
    const noKeyring = { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' };
    const secrets = new EncryptedSecretStore(path.join(dataDir, 'secrets.enc.json'), noKeyring);
    const core = await startTestCore({ dataDir, secrets });
    const url = core.webhookUrl;
    await core.close();
    const again = await startTestCore({ dataDir, secrets });
    expect(new URL(again.webhookUrl).pathname).toBe(new URL(url).pathname);
    await again.close();
  });

  it('notices a file replaced under it', async () => {
    const core = await startTestCore({ dataDir: dir() });
    const file = path.join(core.dataDir, DATABASE_FILE);
    fs.copyFileSync(file, `${file}.copy`);
    fs.renameSync(`${file}.copy`, file);
    expect((await core.post(call(1))).status).toBe(503);
    expect((await health(core)).body).toMatchObject({ ok: false, problem: 'lost' });
    await core.close();
  });
});

describe('a damaged database', () => {
  it('is found at start and named: health 503, webhooks 503', async () => {
    const dataDir = dir();
    const core = await startTestCore({ dataDir });
    const long = 'x'.repeat(3000);
    for (let i = 0; i < 200; i++) expect((await core.post(call(i, long))).status).toBe(200);
    await core.close();
    const file = path.join(dataDir, DATABASE_FILE);
    const size = fs.statSync(file).size;
    const pages = size / 4096;
    expect(pages).toBeGreaterThan(40);
    // Ten pages of garbage in the second half of the file, where the calls and their events are.
    const fd = fs.openSync(file, 'r+');
    for (let p = 0; p < 10; p++) fs.writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, (Math.floor(pages / 2) + p * 2) * 4096);
    fs.closeSync(fd);

    const damaged = await startTestCore({ dataDir });
    // The check reads every page in a worker thread, so it is found a moment after the listeners open.
    await expect.poll(async () => (await health(damaged)).status, { timeout: 10_000 }).toBe(503);
    const h = await health(damaged);
    expect(h.body).toMatchObject({ ok: false, problem: 'damaged', file });
    expect(h.body.ok === false && h.body.error).toMatch(/damaged.*--restore-backup/);
    expect((await damaged.post(call(999))).status).toBe(503);
    await damaged.close();
  });
});

describe('backups', () => {
  it('backs up at start, and a backup restored with --restore-backup brings its calls back', async () => {
    const dataDir = dir();
    const core = await startTestCore({ dataDir });
    await expect
      .poll(() => fs.existsSync(path.join(dataDir, 'backups')) && fs.readdirSync(path.join(dataDir, 'backups')).length, { timeout: 5000 })
      .toBe(1);
    expect((await core.post(call(1))).status).toBe(200);
    const backup = await core.backups.run();
    expect(backup).toMatch(/backups[/\\]calls-\d{4}-\d{2}-\d{2}\.sqlite$/);
    expect((await core.post(call(2))).status).toBe(200);
    const url = core.webhookUrl;
    await core.close();

    const restored = runCli(['--data-dir', dataDir, '--restore-backup', backup!]);
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    expect(restored.stdout).toContain(`Restored ${backup}`);
    const kept = fs.readdirSync(dataDir).filter((n) => n.startsWith(`${DATABASE_FILE}.before-restore-`));
    expect(kept.length).toBeGreaterThanOrEqual(1);

    const again = await startTestCore({ dataDir });
    expect(await again.api('/api/health')).toMatchObject({ ok: true, calls: 1 });
    expect(new URL(again.webhookUrl).pathname).toBe(new URL(url).pathname);
    await again.close();
  });

  it('refuses to restore while the app runs, or from a file that is not a backup', async () => {
    const dataDir = dir();
    const running = await spawnHeadless(['--data-dir', dataDir, ...ports]);
    const busy = runCli(['--data-dir', dataDir, '--restore-backup', path.join(dataDir, DATABASE_FILE)]);
    expect(busy.status).toBe(1);
    expect(busy.stderr).toContain(`already running with this data folder (process ${running.process.pid})`);
    expect(await running.stop()).toBe(0);

    const junk = path.join(dataDir, 'junk.sqlite');
    fs.writeFileSync(junk, 'not a database at all'.repeat(300));
    const bad = runCli(['--data-dir', dataDir, '--restore-backup', junk]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`${junk} is not a usable copy of the call database`);
  });
});

describe('start-up errors', () => {
  it('name the file and the cause and say what to do', () => {
    const notADb = dir();
    fs.writeFileSync(path.join(notADb, DATABASE_FILE), 'hello, this is not SQLite'.repeat(200));
    const bad = runCli(['--data-dir', notADb, ...ports]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`The call database ${path.join(notADb, DATABASE_FILE)} cannot be read (file is not a database)`);
    expect(bad.stderr).toContain('--restore-backup');

    const folder = dir();
    fs.mkdirSync(path.join(folder, DATABASE_FILE));
    const cant = runCli(['--data-dir', folder, ...ports]);
    expect(cant.status).toBe(1);
    expect(cant.stderr).toContain(`Cannot open the call database ${path.join(folder, DATABASE_FILE)} (unable to open database file)`);
    expect(cant.stderr).toContain('--data-dir');
  });
});
