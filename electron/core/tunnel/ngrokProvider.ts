// ngrok through its official SDK (a native module: no ngrok program to install or download). The account's
// dev domain keeps the URL the same for ever; the session reconnects by itself after a network drop.

import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Ngrok from '@ngrok/ngrok';
import type { Listener, Session } from '@ngrok/ngrok';
import { ngrokProblem, tunnelProblem } from '../../../shared/tunnel/problems';
import { abortable, TunnelError, type LinkEvents, type TunnelLink, type TunnelProvider, type TunnelTarget } from './provider';

export interface NgrokOptions {
  authtoken: string | null;
  /** The account's dev domain or a reserved domain; null lets ngrok choose. */
  domain: string | null;
  /** Where the ngrok service is dialled (host:port); only tests point it elsewhere, at loopback stand-ins. */
  serverAddr?: string;
  version?: string;
}

function asTunnelError(error: unknown): TunnelError {
  if (error instanceof TunnelError) return error;
  const e = error as { message?: string; errorCode?: string };
  return new TunnelError(ngrokProblem(e.message ?? String(error), e.errorCode));
}

/** Closes whatever a call we stopped waiting for produces, whenever it does. */
function discardLater(pending: Promise<{ close(): Promise<void> }>): void {
  pending.then(
    (thing) => thing.close().catch(() => undefined),
    () => undefined,
  );
}

/**
 * The SDK (a native CommonJS module), loaded only when chosen: a plain require in the CommonJS bundle
 * (dist/electron/main.cjs, where esbuild sees it and leaves it external); headless mode's ES modules
 * resolve it from their entry script.
 */
function loadNgrok(): typeof Ngrok {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require, so the bundle records the package as external
  if (typeof require === 'function') return require('@ngrok/ngrok') as typeof Ngrok;
  return createRequire(path.resolve(process.argv[1] ?? 'index.js'))('@ngrok/ngrok') as typeof Ngrok;
}

export class NgrokProvider implements TunnelProvider {
  readonly kind = 'ngrok' as const;
  readonly caveat = null;

  constructor(private readonly options: NgrokOptions) {}

  get stableUrl(): boolean {
    return this.options.domain !== null;
  }

  async open(target: TunnelTarget, events: LinkEvents, signal: AbortSignal): Promise<TunnelLink> {
    const { authtoken, domain, serverAddr } = this.options;
    if (!authtoken) {
      throw new TunnelError(tunnelProblem('missing-token', 'ngrok needs your authtoken: copy it from dashboard.ngrok.com → Your Authtoken.', 0));
    }
    const ngrok = loadNgrok();
    let closed = false;
    const builder = new ngrok.SessionBuilder()
      .authtoken(authtoken)
      .clientInfo('call-alerts', this.options.version ?? '0.0.0')
      // Returning false here throws an uncaught error in the SDK: always let it reconnect, report the drop.
      .handleDisconnection((_addr, error) => {
        if (!closed) events.down(ngrokProblem(error), true);
        return true;
      })
      .handleHeartbeat((latency) => {
        if (!closed && latency !== null && latency !== undefined) events.up();
      });
    if (serverAddr) builder.serverAddr(serverAddr);

    // The SDK has no connect timeout (a silent server never settles): the supervisor's signal is the timeout.
    const connecting = builder.connect();
    let session: Session;
    try {
      session = await abortable(connecting, signal);
    } catch (error) {
      if (signal.aborted) discardLater(connecting);
      throw signal.aborted ? signal.reason : asTunnelError(error);
    }

    const endpoint = session.httpEndpoint();
    if (domain) endpoint.domain(domain);
    const listening = endpoint.listenAndForward(`http://${target.host}:${target.port}`);
    let listener: Listener;
    try {
      listener = await abortable(listening, signal);
    } catch (error) {
      if (signal.aborted) discardLater(listening);
      await session.close().catch(() => undefined);
      throw signal.aborted ? signal.reason : asTunnelError(error);
    }
    const url = listener.url();
    if (!url) {
      await session.close().catch(() => undefined);
      throw new TunnelError(tunnelProblem('unknown', 'ngrok opened the tunnel but gave no URL.'));
    }
    return {
      url,
      async close() {
        if (closed) return;
        closed = true;
        await listener.close().catch(() => undefined);
        await session.close().catch(() => undefined);
      },
    };
  }
}
