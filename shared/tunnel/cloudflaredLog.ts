// Reads cloudflared's log (it writes everything to stderr, one line per event) into what the app needs:
// the public URL, which edge connections are up, and the last problem, in words a person can act on.

import { isNetworkFailure, tunnelProblem, type TunnelProblem } from './problems';

export type CloudflaredLogEvent =
  | { kind: 'quick-url'; url: string }
  | { kind: 'ingress'; hostnames: string[]; services: string[] }
  | { kind: 'connected'; connIndex: number; location: string | null }
  | { kind: 'disconnected'; connIndex: number }
  | { kind: 'problem'; problem: TunnelProblem };

const QUICK_URL = /https:\/\/(?!api\.)[a-z0-9-]+\.trycloudflare\.com\b/;
const LEVEL = /^\S+\s+(DBG|INF|WRN|ERR|FTL)\s/;

function field(line: string, name: string): string | null {
  return new RegExp(`\\b${name}=(\\S+)`).exec(line)?.[1] ?? null;
}

/** The ingress rules from "Updated to new configuration config=\"{…}\"" (a JSON document, JSON-escaped). */
function ingressOf(line: string): { hostnames: string[]; services: string[] } | null {
  const quoted = /\bconfig="((?:[^"\\]|\\.)*)"/.exec(line)?.[1];
  if (quoted === undefined) return null;
  try {
    const config = JSON.parse(JSON.parse(`"${quoted}"`) as string) as { ingress?: { hostname?: unknown; service?: unknown }[] };
    const rules = Array.isArray(config.ingress) ? config.ingress : [];
    const hostnames = rules.map((r) => r.hostname).filter((h): h is string => typeof h === 'string' && h !== '');
    const services = rules
      .filter((r) => typeof r.hostname === 'string')
      .map((r) => r.service)
      .filter((s): s is string => typeof s === 'string');
    return { hostnames, services };
  } catch {
    return null;
  }
}

function problemOf(line: string): TunnelProblem | null {
  if (/Provided Tunnel token is not valid/i.test(line)) {
    return tunnelProblem(
      'bad-token',
      "Cloudflare did not accept the tunnel token: copy it again from the tunnel's page in the Cloudflare dashboard.",
      0,
    );
  }
  if (/Unauthorized|Invalid tunnel secret|tunnel not found/i.test(line)) {
    return tunnelProblem(
      'bad-token',
      'Cloudflare refused the tunnel token (the tunnel was deleted or its token rotated): copy a new token from the dashboard.',
      0,
    );
  }
  if (/failed to (request|create) quick tunnel|quick tunnel/i.test(line) && /429|too many requests/i.test(line)) {
    return tunnelProblem('relay-error', 'Cloudflare is limiting quick tunnels from this address: wait a few minutes, or use a named tunnel.');
  }
  const level = LEVEL.exec(line)?.[1];
  const failure = level === 'ERR' || level === 'FTL' || /^failed to/i.test(line) || /\berror=/.test(line);
  if (!failure) return null;
  if (isNetworkFailure(line) || /edge discovery|failed to dial to edge|no recent network activity|i\/o timeout/i.test(line)) {
    return tunnelProblem(
      'no-internet',
      'cloudflared cannot reach Cloudflare: check the internet connection or firewall (outbound UDP 7844 or TCP 443).',
    );
  }
  const message = /\berror="((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? line.replace(/^\S+\s+(ERR|FTL)\s+/, '');
  return tunnelProblem('relay-error', `cloudflared: ${message.trim()}`);
}

/** One log line → what it tells (often nothing the app needs; a failed connection tells two things). */
export function parseCloudflaredLine(line: string): CloudflaredLogEvent[] {
  const events: CloudflaredLogEvent[] = [];
  const index = field(line, 'connIndex');
  if (index !== null && /Registered tunnel connection/i.test(line) && !/Unregistered/i.test(line)) {
    return [{ kind: 'connected', connIndex: Number(index), location: field(line, 'location') }];
  }
  if (/Updated to new configuration/i.test(line)) {
    const ingress = ingressOf(line);
    return ingress ? [{ kind: 'ingress', ...ingress }] : [];
  }
  const problem = problemOf(line);
  if (problem) events.push({ kind: 'problem', problem });
  if (index !== null && /Unregistered tunnel connection|Connection terminated|Serve tunnel error|failed to serve tunnel connection/i.test(line)) {
    events.push({ kind: 'disconnected', connIndex: Number(index) });
  }
  const url = problem ? undefined : QUICK_URL.exec(line)?.[0];
  if (url) events.push({ kind: 'quick-url', url });
  return events;
}

/** What the log has said so far. */
export interface CloudflaredView {
  /** The quick tunnel's URL, or https://<first hostname> of a named tunnel. */
  url: string | null;
  /** Where the named tunnel's hostnames point (e.g. http://127.0.0.1:47800), to explain a wrong port. */
  services: string[];
  /** Edge connections now registered (cloudflared keeps up to four). */
  connections: number[];
  /** The last problem logged since a connection was last registered. */
  problem: TunnelProblem | null;
}

export const EMPTY_CLOUDFLARED_VIEW: CloudflaredView = { url: null, services: [], connections: [], problem: null };

export function foldCloudflaredEvent(view: CloudflaredView, event: CloudflaredLogEvent): CloudflaredView {
  switch (event.kind) {
    case 'quick-url':
      return { ...view, url: view.url ?? event.url };
    case 'ingress': {
      const host = event.hostnames[0];
      return { ...view, url: host ? `https://${host}` : view.url, services: event.services };
    }
    case 'connected':
      return {
        ...view,
        connections: [...new Set([...view.connections, event.connIndex])].sort((a, b) => a - b),
        problem: null,
      };
    case 'disconnected':
      return { ...view, connections: view.connections.filter((c) => c !== event.connIndex) };
    case 'problem':
      return { ...view, problem: event.problem };
  }
}

/** Whether the named tunnel's hostnames send traffic to `port` on this PC (false: they point elsewhere). */
export function routesToPort(services: readonly string[], port: number): boolean {
  return services.some((s) => {
    try {
      const url = new URL(s);
      return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && Number(url.port || (url.protocol === 'https:' ? 443 : 80)) === port;
    } catch {
      return false;
    }
  });
}
