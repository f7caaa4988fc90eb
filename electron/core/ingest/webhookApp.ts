// The webhook listener's routes: the only thing a tunnel ever exposes. POST /hooks/<token> stores a delivery
// and answers after it is on disk; GET /hooks/<token>?echo=X answers the sender's registration check.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import express, { type ErrorRequestHandler, type NextFunction, type Request, type Response } from 'express';
import type { DeliveryWriter } from './deliveryWriter';
import { checkSignature, signatureRefused, type SignatureMode } from './signature';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface WebhookConfig {
  token: string;
  secret: string | null;
  signatureMode: SignatureMode;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function tokenMatches(candidate: string, token: string): boolean {
  return timingSafeEqual(digest(candidate), digest(token));
}

function headerRecord(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function plain(res: Response, status: number, text: string): void {
  res.status(status).type('text/plain; charset=utf-8').send(text);
}

/** The acknowledgement, written straight to the socket: res.json's content negotiation cost ~65 µs a webhook. */
function acknowledge(res: Response, body: object): void {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** `writer` is where a delivery goes to be stored; the app answers with what it says. */
export function createWebhookApp(config: () => WebhookConfig, writer: Pick<DeliveryWriter, 'submit'>): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  const requireToken = (req: Request, res: Response, next: NextFunction) => {
    if (tokenMatches(String(req.params.token ?? ''), config().token)) next();
    else plain(res, 404, 'Not found');
  };

  app.get('/hooks/:token', requireToken, (req, res) => {
    const echo = req.query.echo;
    if (typeof echo === 'string') plain(res, 200, echo);
    else plain(res, 200, 'Call Alerts is ready to receive Marketing Edge webhooks at this address.');
  });

  const store = async (req: Request, res: Response, body: Buffer, refusal?: { status: number; reason: string }) => {
    const { secret, signatureMode } = config();
    const verdict = refusal ? 'not-checked' : checkSignature(body, req.get('ms-signature'), secret, signatureMode);
    const refused =
      refusal ??
      (signatureRefused(verdict, signatureMode)
        ? { status: 401, reason: `Signature ${verdict}: delivery refused (signature mode is enforce)` }
        : undefined);
    try {
      const result = await writer.submit({
        receivedAt: new Date().toISOString(),
        headers: headerRecord(req.headers),
        body,
        signature: verdict,
        refusal: refused,
      });
      if (result.status === 200) acknowledge(res, { ok: true, delivery: result.deliveryId, outcome: result.outcome });
      else plain(res, result.status, result.reason ?? 'Rejected');
    } catch (error) {
      // Not on disk: never acknowledge. 503 makes the sender retry (410 would make it give up for good).
      console.error('Could not store a delivery:', error);
      if (!res.headersSent) plain(res, 503, 'Could not store the delivery; please retry');
    }
  };

  app.post(
    '/hooks/:token',
    requireToken,
    express.raw({ type: () => true, limit: MAX_BODY_BYTES }),
    (req: Request, res: Response) => store(req, res, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)),
    // A body over the cap never reaches the handler: keep a record of the refusal, without the body.
    ((error: { status?: number; type?: string; message?: string }, req: Request, res: Response, next: NextFunction) => {
      if (error.type === 'entity.too.large') {
        void store(req, res, Buffer.alloc(0), { status: 413, reason: `Body larger than ${MAX_BODY_BYTES} bytes: not stored` });
      } else if (error.status && error.status < 500) {
        void store(req, res, Buffer.alloc(0), { status: error.status, reason: `Unreadable body: ${error.message ?? 'unknown error'}` });
      } else next(error);
    }) as ErrorRequestHandler,
  );

  app.use((_req, res) => plain(res, 404, 'Not found'));
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    console.error('Webhook listener error:', error);
    if (!res.headersSent) plain(res, 500, 'Internal error');
  });
  return app;
}
