// The webhook listener's routes: the only thing a tunnel ever exposes. POST /hooks/<token> stores a delivery
// and answers after it is on disk; GET /hooks/<token>?echo=X answers the sender's registration check. The body
// is kept and verified exactly as received: a compressed one (the ASP.NET sender never compresses) is refused
// with 415 rather than inflated. The listener only reads: the store judges what it read (`judgeDelivery` in
// ./received.ts: signature, refusals) where the secret is, which is another thread when the store runs in a worker.

import type { IncomingHttpHeaders } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { maskedHeaders } from '../../../shared/deliveries/headers';
import { StoreUnavailableError } from '../thread/storeUnavailable';
import type { Refusal } from '../store/rows';
import { declaredLength, MAX_BODY_BYTES, readRawBody } from './rawBody';
import { tokenMatches, type DeliverySink } from './received';

export { MAX_BODY_BYTES } from './rawBody';

/** How long a sender that goes on sending a body refused before reading it is given to read the answer. */
const LINGER_MS = 5000;

function headerRecord(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** The body's Content-Encoding when it is not the identity. */
function encodingOf(req: Request): string | null {
  const value = (req.get('content-encoding') ?? '').trim().toLowerCase();
  return value === '' || value === 'identity' ? null : value;
}

/** Answered before its body was all read: the sender is left time to read the answer, then cut off. */
function cutOffAfterLinger(req: Request, res: Response): void {
  res.once('finish', () => {
    setTimeout(() => {
      if (!req.complete) req.socket.destroy();
    }, LINGER_MS).unref();
  });
}

function plain(res: Response, status: number, text: string): void {
  res.status(status).type('text/plain; charset=utf-8').send(text);
}

/** The acknowledgement, written straight to the socket: res.json's content negotiation cost ~65 µs a webhook. */
function acknowledge(res: Response, body: object): void {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** `token` is the URL's secret token (a mirror of the store's config); `sink` is where what was read goes. */
export function createWebhookApp(token: () => string, sink: DeliverySink): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  const requireToken = (req: Request, res: Response, next: NextFunction) => {
    if (tokenMatches(String(req.params.token ?? ''), token())) next();
    else plain(res, 404, 'Not found');
  };

  app.get('/hooks/:token', requireToken, (req, res) => {
    const echo = req.query.echo;
    if (typeof echo === 'string') plain(res, 200, echo);
    else plain(res, 200, 'Call Alerts is ready to receive Marketing Edge webhooks at this address.');
  });

  const store = async (req: Request, res: Response, body: Uint8Array, unread?: Refusal) => {
    const encoding = encodingOf(req);
    try {
      const headers = maskedHeaders(headerRecord(req.headers), token());
      const received = { receivedAt: new Date().toISOString(), headers, body, signature: req.get('ms-signature'), encoding, unread };
      const result = await sink.receive(received);
      if (result.status === 200) return acknowledge(res, { ok: true, delivery: result.deliveryId, outcome: result.outcome });
      if (result.status === 415) res.setHeader('Accept-Encoding', 'identity');
      plain(res, result.status, result.reason ?? 'Rejected');
    } catch (error) {
      // Not on disk: never acknowledge. 503 makes the sender retry (410 would make it give up for good).
      // A store that is restarting says so once, not once per webhook.
      if (!(error instanceof StoreUnavailableError)) console.error('Could not store a delivery:', error);
      if (!res.headersSent) plain(res, 503, 'Could not store the delivery; please retry');
    }
  };

  const receive = async (req: Request, res: Response) => {
    const declared = declaredLength(req);
    if (declared !== null && declared > MAX_BODY_BYTES) {
      // Refused before reading; with `Expect: 100-continue` the body is never sent (rawBody.ts).
      cutOffAfterLinger(req, res);
      const reason = `Declared body of ${declared} bytes is larger than ${MAX_BODY_BYTES} bytes: refused before reading, not stored`;
      return store(req, res, new Uint8Array(0), { status: 413, reason, keep: 'none', declaredSize: declared });
    }
    const read = await readRawBody(req);
    if (!read.ok) {
      // Closing at once would reset a sender still writing before it reads the 413 (RFC 9112 §9.6).
      if (read.status === 413) cutOffAfterLinger(req, res);
      return store(req, res, new Uint8Array(0), { status: read.status, reason: read.reason, keep: 'none' });
    }
    return store(req, res, read.body);
  };

  app.post('/hooks/:token', requireToken, (req: Request, res: Response) => void receive(req, res));

  app.use((_req, res) => plain(res, 404, 'Not found'));
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    console.error('Webhook listener error:', error);
    if (!res.headersSent) plain(res, 500, 'Internal error');
  });
  return app;
}
