// `npm run serve` as a user runs it: flags, printed URLs, the token kept across restarts, clean Ctrl-C.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/core';
import { ROOT, spawnHeadless } from '../support/headless';
import { loadSeeds } from '../support/seeds';

const dataDir = tempDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function runCli(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron', 'headless.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('headless mode', () => {
  it('prints both URLs, keeps the token across restarts, and stops cleanly on Ctrl-C', async () => {
    const first = await spawnHeadless(['--data-dir', dataDir, '--webhook-port', '0', '--app-port', '0']);
    const token = /\/hooks\/([A-Za-z0-9_-]+)$/.exec(first.webhookUrl)![1]!;
    expect(token.length).toBeGreaterThanOrEqual(32); // 192 random bits, base64url
    expect(first.appUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?key=[A-Za-z0-9_-]{32}$/);
    const res = await fetch(first.webhookUrl, { method: 'POST', body: loadSeeds().start.body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    first.process.kill('SIGINT');
    expect(await new Promise((resolve) => first.process.on('exit', resolve))).toBe(0);

    const second = await spawnHeadless(['--data-dir', dataDir, '--webhook-port', '0', '--app-port', '0']);
    expect(second.webhookUrl.endsWith(`/hooks/${token}`)).toBe(true);
    expect(second.appKey).toBe(first.appKey);
    const health = await (await second.appFetch('/api/health')).json();
    expect(health).toMatchObject({ ok: true, calls: 1 });
    expect(await second.stop()).toBe(0);
  });

  it('uses the token and ports it is given', async () => {
    const token = 'a-token-of-at-least-128-bits_xyz';
    const server = await spawnHeadless([
      '--data-dir',
      dataDir,
      '--webhook-token',
      token,
      '--webhook-port',
      '0',
      '--app-port',
      '0',
      '--webhook-secret',
      's'.repeat(32),
      '--signature',
      'enforce',
    ]);
    expect(server.webhookUrl.endsWith(`/hooks/${token}`)).toBe(true);
    // The URLs and the signature line may reach us in separate chunks of output.
    await expect.poll(() => server.output(), { timeout: 5000 }).toContain('Signature check: enforce');
    expect(await server.stop()).toBe(0);
  });

  it('explains bad flags and busy ports instead of crashing', async () => {
    const bad = runCli(['--signature', 'strict']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--signature must be one of off, report, enforce');
    expect(bad.stderr).toContain('Usage: npm run serve');

    const weak = runCli(['--data-dir', dataDir, '--webhook-token', 'short']);
    expect(weak.status).toBe(1);
    expect(weak.stderr).toMatch(/webhook token must be 22 to 128 characters/);

    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    const busy = runCli(['--data-dir', dataDir, '--webhook-port', String(port), '--app-port', '0']);
    blocker.close();
    expect(busy.status).toBe(1);
    expect(busy.stderr).toContain(`Port ${port} is already in use`);
  });

  it('prints its usage', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--webhook-secret S');
  });
});
