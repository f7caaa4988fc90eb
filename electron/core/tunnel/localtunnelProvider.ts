// localtunnel: no account, a relay (the public localtunnel.me, or one the person runs) that forwards over
// plain TCP sockets the client keeps open. The stock client has two traps, both contained here:
//  - registering retries every second for ever while the relay is down or refuses, and close() does not
//    stop it: registration is replaced by a single attempt; retrying is the supervisor's job;
//  - after a relay restart it reports an error and never registers again: the link reports itself dead
//    and the supervisor opens a new one.

import Tunnel from 'localtunnel/lib/Tunnel.js';
import { isNetworkFailure, tunnelProblem } from '../../../shared/tunnel/problems';
import { LOCALTUNNEL_SUBDOMAIN } from '../../../shared/contract/schemas';
import { LOCALTUNNEL_CAVEAT } from '../../../shared/tunnel/providers';
import { abortable, TunnelError, type LinkEvents, type TunnelLink, type TunnelProvider, type TunnelTarget } from './provider';

type RelayRegistration = Tunnel.RelayRegistration;

const PUBLIC_LOCALTUNNEL_RELAY = 'https://localtunnel.me';

export interface LocaltunnelOptions {
  /** The relay; null for the public one. */
  host: string | null;
  subdomain: string;
}

/** Asks the relay once for `subdomain`; the answer says which subdomain and relay port were granted. */
async function register(host: string, subdomain: string, signal: AbortSignal): Promise<RelayRegistration> {
  let res: Response;
  try {
    res = await fetch(`${host.replace(/\/+$/, '')}/${subdomain}`, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new TunnelError(
      tunnelProblem(
        isNetworkFailure(detail) ? 'no-internet' : 'relay-error',
        `Cannot reach the localtunnel relay ${host} (${detail}): check the internet connection; the relay may be down.`,
      ),
    );
  }
  const text = await res.text();
  let body: Partial<RelayRegistration> & { message?: string } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not JSON (an outage page): reported below by status.
  }
  if (res.status === 403 && /subdomain/i.test(body.message ?? '')) {
    throw new TunnelError(tunnelProblem('bad-setting', `The localtunnel relay refused the subdomain "${subdomain}": ${body.message}`, 0));
  }
  if (res.status !== 200 || typeof body.url !== 'string' || typeof body.port !== 'number' || typeof body.id !== 'string') {
    throw new TunnelError(
      tunnelProblem(
        'relay-error',
        `The localtunnel relay ${host} answered HTTP ${res.status}${body.message ? `: ${body.message}` : ''}; it may be down.`,
      ),
    );
  }
  if (body.id !== subdomain) {
    // The relay hands out a random name when the one asked for is held, also by our own previous connection.
    throw new TunnelError(
      tunnelProblem(
        'subdomain-taken',
        `The subdomain "${subdomain}" is in use on the relay (by someone else, or by this PC's previous connection until it expires).`,
      ),
    );
  }
  return body as RelayRegistration;
}

/** The stock client with its endless registration loop replaced by the single attempt above. */
class SingleAttemptTunnel extends Tunnel {
  constructor(
    options: Tunnel.Options,
    private readonly relay: string,
    private readonly signal: AbortSignal,
  ) {
    super(options);
  }

  protected override _init(callback: (error: Error | null, info?: unknown) => void): void {
    register(this.relay, this.opts.subdomain!, this.signal).then(
      (registration) => callback(null, this._getInfo(registration)),
      (error: Error) => callback(error),
    );
  }
}

export class LocaltunnelProvider implements TunnelProvider {
  readonly kind = 'localtunnel' as const;
  readonly stableUrl = true;
  readonly caveat = LOCALTUNNEL_CAVEAT;

  constructor(private readonly options: LocaltunnelOptions) {}

  async open(target: TunnelTarget, events: LinkEvents, signal: AbortSignal): Promise<TunnelLink> {
    const relay = this.options.host ?? PUBLIC_LOCALTUNNEL_RELAY;
    const { subdomain } = this.options;
    if (!LOCALTUNNEL_SUBDOMAIN.test(subdomain)) {
      throw new TunnelError(
        tunnelProblem('bad-setting', `"${subdomain}" cannot be a localtunnel subdomain: use 4 to 63 lowercase letters, digits or "-".`, 0),
      );
    }
    // No local_host: the client would then rewrite the Host header by decoding raw bytes as text, which can
    // corrupt a body. "localhost" reaches the 127.0.0.1 listener (Node tries every address of the name).
    const tunnel = new SingleAttemptTunnel({ port: target.port, host: relay, subdomain }, relay, signal);
    let dead = false;
    let closed = false;
    // Errors keep coming from sockets being torn down after close(); an 'error' without a listener would crash.
    tunnel.on('error', (error: Error) => {
      if (closed || dead) return;
      dead = true;
      events.down(tunnelProblem('relay-error', `Lost the localtunnel relay (${error.message}).`), false);
    });
    const close = async () => {
      if (closed) return;
      closed = true;
      tunnel.close();
    };
    // Open: registered, and the first relay socket is connected (the client says so with 'url').
    const opened = new Promise<string>((resolve, reject) => {
      tunnel.once('url', resolve);
      tunnel.once('error', reject);
      tunnel.open((error) => {
        if (error) reject(error);
      });
    });
    try {
      const url = await abortable(opened, signal);
      return { url, close };
    } catch (error) {
      await close();
      if (signal.aborted) throw signal.reason;
      throw error instanceof TunnelError
        ? error
        : new TunnelError(tunnelProblem('relay-error', `Could not connect to the localtunnel relay ${relay}: ${(error as Error).message}`));
    }
  }
}
