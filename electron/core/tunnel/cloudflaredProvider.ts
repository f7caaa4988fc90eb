// Cloudflare Tunnel through the person's own cloudflared program: a named tunnel (token from the Cloudflare
// dashboard, passed in the environment so it never shows in the process list) or, without a token, a
// quick tunnel whose URL changes on every start. The child process is the link: it lives and dies with it.

import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import {
  EMPTY_CLOUDFLARED_VIEW,
  foldCloudflaredEvent,
  parseCloudflaredLine,
  routesToPort,
  type CloudflaredView,
} from '../../../shared/tunnel/cloudflaredLog';
import { tunnelProblem, type TunnelProblem } from '../../../shared/tunnel/problems';
import { QUICK_TUNNEL_CAVEAT } from '../../../shared/tunnel/providers';
import { locateCloudflared } from './cloudflaredBinary';
import { TunnelError, type LinkEvents, type TunnelLink, type TunnelProvider, type TunnelTarget } from './provider';

export interface CloudflaredOptions {
  /** A named tunnel's token; null runs a quick tunnel. */
  token: string | null;
  /** The program, from the settings; null searches the usual places. */
  binaryPath: string | null;
  env?: NodeJS.ProcessEnv;
  /** How long cloudflared gets to exit after SIGTERM before it is killed. */
  stopGraceMs?: number;
}

/** Ends the child: SIGTERM, then SIGKILL after `graceMs`. Resolves once it has exited. */
function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export class CloudflaredProvider implements TunnelProvider {
  readonly kind = 'cloudflared' as const;

  constructor(private readonly options: CloudflaredOptions) {}

  get stableUrl(): boolean {
    return this.options.token !== null;
  }

  get caveat(): string | null {
    return this.options.token === null ? QUICK_TUNNEL_CAVEAT : null;
  }

  async open(target: TunnelTarget, events: LinkEvents, signal: AbortSignal): Promise<TunnelLink> {
    const env = this.options.env ?? process.env;
    const { binary, looked } = await locateCloudflared(this.options.binaryPath, process.platform, env);
    if (signal.aborted) throw signal.reason;
    if (!binary) {
      throw new TunnelError(
        tunnelProblem(
          'binary-not-found',
          `cloudflared is not installed (looked for ${looked.length === 1 ? looked[0] : `it in ${looked.length} places, e.g. ${looked.slice(0, 3).join(', ')}`}). Install it from Cloudflare's downloads page, or set its path.`,
          0,
        ),
      );
    }
    const local = `http://${target.host}:${target.port}`;
    const { token } = this.options;
    const childEnv: NodeJS.ProcessEnv = { ...env };
    delete childEnv.TUNNEL_TOKEN;
    if (token) childEnv.TUNNEL_TOKEN = token;
    const args = token ? ['tunnel', '--no-autoupdate', 'run'] : ['tunnel', '--no-autoupdate', '--url', local];
    const child = spawn(binary.path, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const graceMs = this.options.stopGraceMs ?? 5000;
    // If this process ends without stopping the tunnel, take cloudflared with it.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));

    let view: CloudflaredView = EMPTY_CLOUDFLARED_VIEW;
    let opened = false;
    let closed = false;
    const close = async () => {
      closed = true;
      await stopChild(child, graceMs);
    };

    return new Promise<TunnelLink>((resolve, reject) => {
      const fail = (problem: TunnelProblem) => {
        if (opened) return;
        opened = true;
        signal.removeEventListener('abort', onAbort);
        void close().then(() => reject(new TunnelError(problem)));
      };
      const onAbort = () => {
        if (opened) return;
        opened = true;
        // A connect timeout is better explained by what cloudflared last logged (no network, refused…).
        const timedOut = signal.reason instanceof TunnelError && signal.reason.problem.code === 'timeout';
        void close().then(() => reject(timedOut && view.problem ? new TunnelError(view.problem) : signal.reason));
      };
      signal.addEventListener('abort', onAbort, { once: true });

      const onLine = (line: string) => {
        const told = parseCloudflaredLine(line);
        if (told.length === 0) return;
        const before = view;
        view = told.reduce(foldCloudflaredEvent, view);
        if (!opened) {
          if (view.problem && view.problem.giveUpAfter === 0) return fail(view.problem);
          if (view.url && view.connections.length > 0) {
            if (token && view.services.length > 0 && !routesToPort(view.services, target.port)) {
              return fail(
                tunnelProblem(
                  'bad-setting',
                  `The tunnel's public hostname ${view.url.replace('https://', '')} points to ${view.services.join(', ')}, not to this app (${local}): change it in the Cloudflare dashboard.`,
                ),
              );
            }
            opened = true;
            signal.removeEventListener('abort', onAbort);
            resolve({ url: view.url, close });
          }
          return;
        }
        if (closed) return;
        if (before.connections.length > 0 && view.connections.length === 0) {
          events.down(view.problem ?? tunnelProblem('no-internet', 'cloudflared lost its connections to Cloudflare.'), true);
        } else if (before.connections.length === 0 && view.connections.length > 0) {
          events.up();
        }
      };
      for (const stream of [child.stdout, child.stderr]) readline.createInterface({ input: stream }).on('line', onLine);

      child.once('error', (error) => {
        fail(tunnelProblem('binary-not-found', `Could not run ${binary.path}: ${error.message}`, 0));
      });
      child.once('exit', (code, sig) => {
        const problem = view.problem ?? tunnelProblem('process-exited', `cloudflared stopped (${sig ?? `exit code ${code}`}).`);
        if (!opened) return fail(problem);
        if (!closed) events.down(problem, false);
      });
    });
  }
}
