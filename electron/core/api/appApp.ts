// The app listener: the history API, the live stream and the window's files. Loopback only, never tunnelled,
// and it refuses requests whose Host is not its own address (DNS rebinding) or that change state from
// another origin.

import fs from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { CallOutcomeFilter, HealthResponse, ListCallsQuery, TunnelStatus } from '../../../shared/api';
import type { ChangeFeed } from '../changeFeed';
import type { CallStore } from '../store/callStore';
import { tunnelRoutes, type TunnelRouteDeps } from './tunnelRoutes';
import { windowRoutes, type WindowRouteDeps, type WindowService } from './windowRoutes';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  'media-src https: http:',
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface AppDeps extends WindowRouteDeps, TunnelRouteDeps {
  /** The same service the desktop IPC calls, so both windows share one instance. */
  window: WindowService;
  store: CallStore;
  feed: ChangeFeed;
  version: string;
  /** The listener's own port, known once it listens. */
  port: () => number;
  /** Folder of the built window (index.html and assets), if it has been built. */
  rendererDir: string | null;
}

const OUTCOMES: readonly CallOutcomeFilter[] = ['answered', 'missed', 'voicemail', 'ringing'];

/** Reads the list query from the URL; a bad value is a 400 with the reason, not a silent default. */
export function parseListQuery(query: Record<string, unknown>): ListCallsQuery | { error: string } {
  const str = (key: string): string | undefined => {
    const v = query[key];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const out: ListCallsQuery = {};
  const q = str('q');
  if (q) out.q = q;
  for (const key of ['from', 'to'] as const) {
    const v = str(key);
    if (v === undefined) continue;
    if (Number.isNaN(Date.parse(v))) return { error: `"${key}" must be an ISO 8601 date or date-time` };
    out[key] = v;
  }
  const status = str('status');
  if (status !== undefined) {
    if (!OUTCOMES.includes(status as CallOutcomeFilter)) return { error: `"status" must be one of ${OUTCOMES.join(', ')}` };
    out.status = status as CallOutcomeFilter;
  }
  const adSource = str('adSource');
  if (adSource) out.adSource = adSource;
  for (const key of ['hasRecording', 'hasTranscript'] as const) {
    const v = str(key);
    if (v === undefined) continue;
    if (v !== 'true' && v !== 'false') return { error: `"${key}" must be true or false` };
    out[key] = v === 'true';
  }
  const limit = str('limit');
  if (limit !== undefined) {
    if (!/^\d+$/.test(limit) || +limit < 1 || +limit > 200) return { error: '"limit" must be a whole number from 1 to 200' };
    out.limit = +limit;
  }
  const cursor = str('cursor');
  if (cursor) out.cursor = cursor;
  return out;
}

export function createAppApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  const ownHosts = () => [`127.0.0.1:${deps.port()}`, `localhost:${deps.port()}`];
  app.use((req, res, next) => {
    if (!ownHosts().includes((req.headers.host ?? '').toLowerCase())) {
      res.status(421).type('text/plain').send('Wrong host: Call Alerts answers only on its own loopback address');
      return;
    }
    const origin = req.headers.origin;
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(req.method);
    if (unsafe && origin !== undefined && !ownHosts().some((h) => origin === `http://${h}`)) {
      res.status(403).type('text/plain').send('Cross-origin requests are refused');
      return;
    }
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    next();
  });

  const api = express.Router();
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  api.get('/health', (_req, res) => {
    const body: HealthResponse = { ok: true, version: deps.version, calls: deps.store.countCalls() };
    res.json(body);
  });

  api.get('/calls', (req, res) => {
    const query = parseListQuery(req.query as Record<string, unknown>);
    if ('error' in query) {
      res.status(400).json({ error: query.error });
      return;
    }
    res.json(deps.store.listCalls(query));
  });

  api.get('/calls/:id', (req, res) => {
    const id = Number(req.params.id);
    const detail = Number.isSafeInteger(id) && id > 0 ? deps.store.getCallDetail(id) : null;
    if (!detail) res.status(404).json({ error: `No call with id ${req.params.id}` });
    else res.json(detail);
  });

  api.get('/deliveries', (req, res) => {
    const raw = typeof req.query.limit === 'string' ? req.query.limit : '100';
    if (!/^\d+$/.test(raw) || +raw < 1 || +raw > 500) {
      res.status(400).json({ error: '"limit" must be a whole number from 1 to 500' });
      return;
    }
    res.json({ deliveries: deps.store.listDeliveries(+raw) });
  });

  api.get('/stream', (req, res) => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    const unsubscribe = deps.feed.onCall((event) => {
      res.write(`event: call\ndata: ${JSON.stringify(event)}\n\n`);
    });
    // The public URL's status now, then each change: a window coming back after a drop is current at once.
    const sendTunnel = (status: TunnelStatus) => res.write(`event: tunnel\ndata: ${JSON.stringify(status)}\n\n`);
    const tunnel = deps.tunnel();
    sendTunnel(tunnel.status());
    const unsubscribeTunnel = tunnel.onChange(sendTunnel);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 20_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      unsubscribeTunnel();
    });
  });

  api.use(windowRoutes(deps.window));
  api.use(tunnelRoutes(deps));
  api.use((_req, res) => {
    res.status(404).json({ error: 'No such API route' });
  });
  app.use('/api', api);

  if (deps.rendererDir && fs.existsSync(path.join(deps.rendererDir, 'index.html'))) {
    const index = path.join(deps.rendererDir, 'index.html');
    app.use(express.static(deps.rendererDir, { index: false, fallthrough: true }));
    app.get(/.*/, (_req, res) => res.sendFile(index));
  } else {
    app.get('/', (_req, res) => {
      res
        .type('text/plain')
        .send('Call Alerts is running. The window has not been built: run "npm run build" (the API is under /api).');
    });
  }

  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    console.error('App listener error:', error);
    if (!res.headersSent) res.status(500).json({ error: 'Internal error' });
  });
  return app;
}
