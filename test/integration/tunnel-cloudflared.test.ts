// The cloudflared provider running a stand-in cloudflared (test/support/cloudflared-stand-in/cloudflared):
// real child processes, real log lines on stderr, a stand-in edge on loopback forwarding to the real
// webhook listener. Checks what cloudflared's URL and connection lines do to the tunnel's state, where
// the token goes, and that no child process outlives a stop.

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TunnelState, TunnelStatus } from '../../shared/api';
import { QUICK_TUNNEL_CAVEAT } from '../../shared/tunnel/providers';
import { cloudflaredCandidates, locateCloudflared } from '../../electron/core/tunnel/cloudflaredBinary';
import { CloudflaredProvider } from '../../electron/core/tunnel/cloudflaredProvider';
import { TunnelSupervisor, type SupervisorSnapshot } from '../../electron/core/tunnel/supervisor';
import { startTestCore, tempDir, type TestCore } from '../support/core';
import { ROOT } from '../support/headless';
import { loadSeeds } from '../support/seeds';

const STAND_IN = path.join(ROOT, 'test', 'support', 'cloudflared-stand-in', 'cloudflared');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Run {
  supervisor: TunnelSupervisor;
  edgePort: number;
  /** The stand-in processes started so far: pid, argv, the token it found in its environment. */
  started(): { pid: number; argv: string[]; tokenInEnv: string | null }[];
  until(state: TunnelState, timeoutMs?: number): Promise<SupervisorSnapshot>;
}

let core: TestCore | null = null;
const supervisors: TunnelSupervisor[] = [];
afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((s) => s.stop()));
  await core?.stop();
  core = null;
});

async function run(options: {
  token: string | null;
  env?: Record<string, string>;
  stopGraceMs?: number;
  servicePort?: number;
  connectTimeoutMs?: number;
}): Promise<Run> {
  core ??= await startTestCore();
  const c = core;
  const edgePort = await freePort();
  const record = path.join(tempDir('cloudflared-record-'), 'started.jsonl');
  let changed: () => void = () => undefined;
  const supervisor = new TunnelSupervisor({
    provider: new CloudflaredProvider({
      token: options.token,
      binaryPath: STAND_IN,
      stopGraceMs: options.stopGraceMs ?? 2000,
      env: {
        ...process.env,
        STAND_IN_EDGE_PORT: String(edgePort),
        STAND_IN_SERVICE: `http://127.0.0.1:${options.servicePort ?? c.webhookPort}`,
        STAND_IN_RECORD: record,
        ...options.env,
      },
    }),
    target: { host: '127.0.0.1', port: c.webhookPort },
    webhookPath: () => c.webhookPath,
    route: () => ({ host: '127.0.0.1', port: edgePort, protocol: 'http:' }),
    verifyDelaysMs: [0, 100, 200],
    connectTimeoutMs: options.connectTimeoutMs,
    onChange: () => changed(),
  });
  supervisors.push(supervisor);
  return {
    supervisor,
    edgePort,
    started: () =>
      fs.existsSync(record)
        ? fs
            .readFileSync(record, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as { pid: number; argv: string[]; tokenInEnv: string | null })
        : [],
    until: (state, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const snap = supervisor.snapshot();
          if (snap.state !== state) return false;
          clearTimeout(timer);
          changed = () => undefined;
          resolve(snap);
          return true;
        };
        const timer = setTimeout(
          () => reject(new Error(`No "${state}" within ${timeoutMs} ms: ${JSON.stringify(supervisor.snapshot())}`)),
          timeoutMs,
        );
        changed = () => void check();
        check();
      }),
  };
}

describe('cloudflared provider (stand-in program)', () => {
  it('quick tunnel: online with the trycloudflare URL, labelled as changing; stop leaves no process', async () => {
    const r = await run({ token: null });
    const started = performance.now();
    r.supervisor.start();
    const online = await r.until('online');
    const ms = Math.round(performance.now() - started);
    expect(online.url).toBe('https://seasonal-deck-organisms-sf.trycloudflare.com');
    expect(online.lastCheck).toMatchObject({ ok: true });
    expect(r.supervisor.provider.stableUrl).toBe(false);
    expect(r.supervisor.provider.caveat).toBe(QUICK_TUNNEL_CAVEAT);
    const [child] = r.started();
    expect(child!.argv).toEqual(['tunnel', '--no-autoupdate', '--url', `http://127.0.0.1:${core!.webhookPort}`]);
    expect(alive(child!.pid)).toBe(true);
    await r.supervisor.stop();
    expect(alive(child!.pid)).toBe(false);
    console.log(`cloudflared quick (stand-in): online ${ms} ms after start (spawn, --version check, log, self-test)`);
  });

  it('named tunnel: the token goes in the environment, never the command line; seed webhooks arrive through it', async () => {
    const r = await run({ token: 'eyJhIjoiMTIzIn0-stand-in-token' });
    r.supervisor.start();
    const online = await r.until('online');
    expect(online.url).toBe('https://hooks.acme-dental.com');
    expect(r.supervisor.provider.stableUrl).toBe(true);
    const [child] = r.started();
    expect(child!.argv).toEqual(['tunnel', '--no-autoupdate', 'run']);
    expect(child!.argv.join(' ')).not.toContain('stand-in-token');
    expect(child!.tokenInEnv).toBe('eyJhIjoiMTIzIn0-stand-in-token');
    const res = await fetch(`http://127.0.0.1:${r.edgePort}${core!.webhookPath}`, { method: 'POST', body: loadSeeds().start.body });
    expect(res.status).toBe(200);
    expect(core!.store.countCalls()).toBe(1);
  });

  it('connections dropping put it in reconnecting with the reason; their return brings it back online', async () => {
    const r = await run({ token: 'stand-in-token' });
    r.supervisor.start();
    await r.until('online');
    const [child] = r.started();
    process.kill(child!.pid, 'SIGUSR1');
    const down = await r.until('reconnecting');
    expect(down.problem?.code).toBe('no-internet');
    expect(down.problem?.reason).toMatch(/cannot reach Cloudflare/);
    const back = performance.now();
    process.kill(child!.pid, 'SIGUSR2');
    await r.until('online');
    expect(r.started()).toHaveLength(1);
    console.log(`cloudflared: back online ${Math.round(performance.now() - back)} ms after the edge connections returned (same process)`);
  });

  it('a cloudflared that dies is replaced by a new one', async () => {
    const r = await run({ token: 'stand-in-token' });
    r.supervisor.start();
    await r.until('online');
    const [first] = r.started();
    process.kill(first!.pid, 'SIGKILL');
    const down = await r.until('reconnecting');
    expect(down.problem?.code).toBe('process-exited');
    await r.until('online');
    const [, second] = r.started();
    expect(second!.pid).not.toBe(first!.pid);
  });

  it('a bad token fails at once, without retrying, and leaves no process', async () => {
    const r = await run({ token: 'not-a-token' });
    r.supervisor.start();
    const failed = await r.until('failed');
    expect(failed.problem).toMatchObject({ code: 'bad-token' });
    expect(failed.nextAttemptAt).toBeNull();
    expect(r.started()).toHaveLength(1);
    expect(alive(r.started()[0]!.pid)).toBe(false);
  });

  it('a hostname pointing elsewhere is explained, with both addresses', async () => {
    const r = await run({ token: 'stand-in-token', servicePort: 8080 });
    r.supervisor.start();
    const status = await r.until('reconnecting');
    expect(status.problem?.code).toBe('bad-setting');
    expect(status.problem?.reason).toContain('http://127.0.0.1:8080');
    expect(status.problem?.reason).toContain(`http://127.0.0.1:${core!.webhookPort}`);
    expect(alive(r.started()[0]!.pid)).toBe(false);
  });

  it('no network: the connect timeout reports what cloudflared logged, and the process is gone', async () => {
    const r = await run({ token: 'stand-in-token', env: { STAND_IN_OFFLINE: '1' }, connectTimeoutMs: 1000 });
    r.supervisor.start();
    const status = await r.until('reconnecting');
    expect(status.problem?.code).toBe('no-internet');
    expect(alive(r.started()[0]!.pid)).toBe(false);
  });

  it('a cloudflared that ignores SIGTERM is killed after the grace period', async () => {
    const r = await run({ token: 'stand-in-token', env: { STAND_IN_IGNORE_SIGTERM: '1' }, stopGraceMs: 300 });
    r.supervisor.start();
    await r.until('online');
    const [child] = r.started();
    const stopping = performance.now();
    await r.supervisor.stop();
    const ms = Math.round(performance.now() - stopping);
    expect(alive(child!.pid)).toBe(false);
    expect(ms).toBeGreaterThanOrEqual(300);
    console.log(`cloudflared ignoring SIGTERM: killed, stop took ${ms} ms (grace 300 ms)`);
  });

  it('stopping while it is still starting leaves no process either', async () => {
    const r = await run({ token: 'stand-in-token', env: { STAND_IN_OFFLINE: '1' } });
    r.supervisor.start();
    const deadline = Date.now() + 5000;
    while (r.started().length === 0 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    await new Promise((res) => setTimeout(res, 500));
    const [child] = r.started();
    expect(r.supervisor.snapshot().state).toBe('starting');
    expect(alive(child!.pid)).toBe(true);
    await r.supervisor.stop();
    expect(alive(child!.pid)).toBe(false);
    expect(r.supervisor.snapshot().state).toBe('off');
  });
});

describe('finding cloudflared', () => {
  it('an explicit path is the only place looked; otherwise PATH, then the usual folders per system', () => {
    expect(cloudflaredCandidates('/opt/cf/cloudflared', 'linux', { PATH: '/usr/bin' })).toEqual(['/opt/cf/cloudflared']);
    expect(cloudflaredCandidates(null, 'linux', { CLOUDFLARED_PATH: '/x/cloudflared', PATH: '/usr/bin' })).toEqual(['/x/cloudflared']);
    expect(cloudflaredCandidates(null, 'linux', { PATH: '/home/a/bin:/usr/bin' })).toEqual([
      '/home/a/bin/cloudflared',
      '/usr/bin/cloudflared',
      '/opt/homebrew/bin/cloudflared',
      '/usr/local/bin/cloudflared',
    ]);
    expect(cloudflaredCandidates(null, 'win32', { Path: 'C:\\Tools' })).toEqual([
      'C:\\Tools\\cloudflared.exe',
      'C:\\Program Files (x86)\\cloudflared\\cloudflared.exe',
      'C:\\Program Files\\cloudflared\\cloudflared.exe',
    ]);
  });

  it('finds it on PATH and proves it is cloudflared with --version; a non-cloudflared program does not count', async () => {
    const found = await locateCloudflared(null, 'linux', { PATH: path.dirname(STAND_IN) });
    expect(found.binary).toEqual({ path: STAND_IN, version: '2024.10.1' });
    const notIt = await locateCloudflared('/bin/true', 'linux', {});
    expect(notIt.binary).toBeNull();
  });

  it('missing binary: the tunnel fails with where it looked and what to do', async () => {
    core = await startTestCore({ tunnel: { settings: { provider: 'cloudflared', cloudflaredPath: '/nowhere/cloudflared' } } });
    const deadline = Date.now() + 5000;
    let status = await core.api<TunnelStatus>('/api/tunnel');
    while (status.state !== 'failed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      status = await core.api<TunnelStatus>('/api/tunnel');
    }
    expect(status).toMatchObject({ state: 'failed', errorCode: 'binary-not-found', nextAttemptAt: null });
    expect(status.error).toBe(
      "cloudflared is not installed (looked for /nowhere/cloudflared). Install it from Cloudflare's downloads page, or set its path.",
    );
    expect(status.caveat).toBe(QUICK_TUNNEL_CAVEAT);
  });
});
