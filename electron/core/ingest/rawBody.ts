// Reading a webhook's body exactly as it came off the wire: no inflation (a compressed body is refused, see
// webhookApp.ts), a cap that refuses a declared over-cap body before reading it, and the `100 Continue`
// that is only sent for a body within the cap.

import type http from 'node:http';

export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyRead = { ok: true; body: Buffer } | { ok: false; status: number; reason: string };

/** The declared Content-Length, when there is a valid one. */
export function declaredLength(req: http.IncomingMessage): number | null {
  const header = req.headers['content-length'];
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : null;
}

export function declaredTooLarge(req: http.IncomingMessage): boolean {
  return (declaredLength(req) ?? 0) > MAX_BODY_BYTES;
}

/**
 * Node answers `Expect: 100-continue` with `100 Continue` by itself unless the server listens for
 * `checkContinue`: this listener sends it only for a body within the cap, so an over-cap body is answered 413
 * without being sent at all. Node closes such a connection after the answer (the body never came).
 */
export function continueWithinCap(server: http.Server): void {
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!declaredTooLarge(req)) res.writeContinue();
    server.emit('request', req, res);
  });
}

/** The body's bytes as received, up to `limit`; reading stops at the first byte over it. */
export function readRawBody(req: http.IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyRead) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        settle({ ok: false, status: 413, reason: `Body larger than ${limit} bytes: not stored` });
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => settle({ ok: true, body: Buffer.concat(chunks, size) }));
    req.once('error', (error) => settle({ ok: false, status: 400, reason: `Unreadable body: ${error.message}` }));
    req.once('close', () => settle({ ok: false, status: 400, reason: 'Unreadable body: the request was cut off' }));
  });
}
