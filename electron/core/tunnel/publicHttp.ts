// Requests to the app's own public URL, the way Marketing Edge makes them: out to the internet and back
// in through the tunnel. Used by the self-test and the test call.

import http from 'node:http';
import https from 'node:https';

/**
 * Where to connect for a public URL instead of resolving its name ("curl --connect-to"). Only tests use
 * it: a loopback relay or edge stands in for the public name, and may speak plain HTTP where the real
 * edge speaks TLS (`protocol`).
 */
export type PublicRoute = (url: URL) => { host: string; port: number; protocol?: 'http:' | 'https:' } | null;

export interface PublicResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
}

const MAX_BODY = 64 * 1024;

// Tunnel services show browsers an interstitial page; these headers (and a non-browser agent) skip it.
const TUNNEL_HEADERS = { 'user-agent': 'CallAlerts-SelfTest/1', 'ngrok-skip-browser-warning': '1', 'bypass-tunnel-reminder': '1' };

export function publicRequest(
  target: string,
  options: {
    method: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: string;
    timeoutMs: number;
    route?: PublicRoute;
    /** Abandons the request (the tunnel is being stopped). */
    signal?: AbortSignal;
  },
): Promise<PublicResponse> {
  const url = new URL(target);
  const routed = options.route?.(url) ?? null;
  const client = (routed?.protocol ?? url.protocol) === 'https:' ? https : http;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = client.request(
      {
        method: options.method,
        host: routed?.host ?? url.hostname,
        port: routed?.port ?? url.port,
        path: `${url.pathname}${url.search}`,
        servername: url.hostname,
        headers: { ...TUNNEL_HEADERS, host: url.host, ...options.headers },
        // A fresh connection every time: a pooled socket could outlive the tunnel it went through.
        agent: false,
        signal: options.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY) chunks.push(chunk);
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: Math.round(performance.now() - started),
          });
        });
        res.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy(Object.assign(new Error(`no answer within ${Math.round(options.timeoutMs / 1000)} s`), { code: 'TIMEOUT' }));
    }, options.timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(options.body);
  });
}

/** A failed request to the public URL, in words. */
export function describeRequestError(error: unknown, url: string): string {
  const e = error as NodeJS.ErrnoException;
  const host = new URL(url).host;
  switch (e.code) {
    case 'TIMEOUT':
      return `The public URL gave no answer (${e.message}).`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The name ${host} does not resolve (yet): a new tunnel can take a minute to be reachable, or there is no internet connection.`;
    case 'ECONNREFUSED':
      return `Nothing accepts connections at ${host}.`;
    case 'ECONNRESET':
      return `The connection to ${host} was cut.`;
    default:
      return `Could not reach ${host}: ${e.message}`;
  }
}
