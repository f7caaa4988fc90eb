// The app listener: the core's API (routes derived from the contract), the live stream and the window's
// files. Loopback only, never tunnelled; it refuses requests whose Host is not its own address (DNS
// rebinding), state changes from another origin, and (but for health) anyone without the app's key.

import fs from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { ChangeFeed } from '../changeFeed';
import { RECORDING_ROUTE, recordingRoute, type RecordingLookup } from '../recordings/route';
import type { TunnelService } from '../tunnel/service';
import { recogniseKey, requireKey, windowGate } from './keyGate';
import type { CoreHandlers } from './handlers';
import { LiveStream, streamFrame } from './liveStream';
import { operationRoutes } from './operationRoutes';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  // Recordings play from this listener only (downloaded by ../recordings/), so offline too.
  "media-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface AppListenerDeps {
  /** The core's side of every operation: the same handlers the desktop IPC calls. */
  handlers: CoreHandlers;
  feed: ChangeFeed;
  /** The running core's tunnel (or the front's mirror of it), looked up per request (it starts after the listeners). */
  tunnel: () => Pick<TunnelService, 'status' | 'onChange'>;
  /** The listener's own port, known once it listens. */
  port: () => number;
  /** Folder of the built window (index.html and assets), if it has been built. */
  rendererDir: string | null;
  /** The app's own key: every /api route but health, and the window's files, need it (keyGate.ts). */
  accessKey: string;
  recordings: RecordingLookup;
}

/** The push events as server-sent events: the tunnel's status at once (a window coming back is current), then each change. */
function eventStream(deps: AppListenerDeps) {
  const stream = new LiveStream((broadcast) => {
    const unsubscribe = deps.feed.onCall((event) => broadcast(streamFrame('call', event)));
    const unsubscribeTunnel = deps.tunnel().onChange((status) => broadcast(streamFrame('tunnel', status)));
    const unsubscribeCatchUp = deps.feed.onCatchUp((event) => broadcast(streamFrame('catch-up', event)));
    const unsubscribeFollowUps = deps.feed.onFollowUps((event) => broadcast(streamFrame('follow-ups', event)));
    return () => {
      unsubscribeFollowUps();
      unsubscribe();
      unsubscribeTunnel();
      unsubscribeCatchUp();
    };
  });
  return (_req: Request, res: Response) => stream.add(res, streamFrame('tunnel', deps.tunnel().status()));
}

export function createAppListener(deps: AppListenerDeps): express.Express {
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
  app.use(recogniseKey(deps.accessKey, deps.port));

  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use('/api', requireKey);
  app.get('/api/stream', eventStream(deps));
  app.get(RECORDING_ROUTE, recordingRoute(deps.recordings));
  app.use(operationRoutes(deps.handlers));
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'No such API route' });
  });

  app.use(windowGate(deps.accessKey, deps.port));

  if (deps.rendererDir && fs.existsSync(path.join(deps.rendererDir, 'index.html'))) {
    const index = path.join(deps.rendererDir, 'index.html');
    app.use(express.static(deps.rendererDir, { index: false, fallthrough: true }));
    app.get(/.*/, (_req, res) => res.sendFile(index));
  } else {
    app.get('/', (_req, res) => {
      res.type('text/plain').send('Call Alerts is running. The window has not been built: run "npm run build" (the API is under /api).');
    });
  }

  app.use((error: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    // The JSON body parser's refusals (malformed, too large, a charset or encoding it cannot read) are the sender's mistake, not ours.
    if (error.type === 'entity.parse.failed') return void res.status(400).json({ error: 'The body is not valid JSON' });
    if (error.type === 'entity.too.large') return void res.status(413).json({ error: 'The body is too large' });
    if (error.type === 'charset.unsupported') return void res.status(415).json({ error: 'The body must be JSON in UTF-8 or UTF-16' });
    // Its other refusals (a body cut short, one that does not inflate) name no byte of the body.
    if (error.status !== undefined && error.status >= 400 && error.status < 500)
      return void res.status(error.status).json({ error: `The body could not be read: ${error.message}` });
    console.error('App listener error:', error);
    res.status(500).json({ error: 'Internal error' });
  });
  return app;
}
