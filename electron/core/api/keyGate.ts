// The app listener's doors for the app's key (accessKey.ts): which requests carry it, the 401 for an /api
// route without it, and the window's exchange of the App URL's key for a cookie.

import type { NextFunction, Request, Response } from 'express';
import { OPERATIONS, OPERATION_NAMES, type Operation } from '../../../shared/contract/operations';
import { accessCookie, isAccessKey, presentedKey } from './accessKey';

/** Marks each request that carries the key (`res.locals.authorised`), for the gates below and the routes. */
export function recogniseKey(key: string, port: () => number) {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.authorised = isAccessKey(key, presentedKey(req.headers, port()));
    next();
  };
}

/** "METHOD /path" of the routes a caller without the key may use: those whose operation says what it may see. */
const ANONYMOUS_ROUTES = new Set(
  OPERATION_NAMES.flatMap((name) => {
    const { http, httpAnonymous } = OPERATIONS[name] as Operation;
    return http && httpAnonymous ? [`${http.method} ${http.path}`] : [];
  }),
);

const NO_KEY_MESSAGE = "This needs the app's key: open the App URL printed at start (it ends in ?key=…), or send Authorization: Bearer <key>";

/** Every /api route, the stream and routes yet to come included, needs the key unless the contract says otherwise. */
export function requireKey(req: Request, res: Response, next: NextFunction): void {
  if (res.locals.authorised || ANONYMOUS_ROUTES.has(`${req.method} ${req.baseUrl}${req.path}`)) return next();
  res.status(401).json({ error: NO_KEY_MESSAGE });
}

/** What a browser without the key sees instead of a window that could load nothing. */
function keyNeededPage(wrongKey: boolean, port: number): string {
  const lead = wrongKey ? 'The key in this address is not this app’s key.' : 'This browser does not have the app’s key yet.';
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Call Alerts: open the App URL</title></head><body>',
    `<h1>Call Alerts is running</h1><p>${lead}</p>`,
    `<p>Open the App URL printed at start, with its key: <code>App URL: http://127.0.0.1:${port}/?key=…</code>`,
    ' (the console of <code>npm run serve</code> shows it). The key is also kept in the file <code>app-key</code> in the data folder.</p>',
    '</body></html>',
  ].join('');
}

/**
 * The App URL's key becomes an HttpOnly cookie, and the browser goes on to the address without it (out of
 * the address bar and history). A link followed from another site gets a page that goes on by itself: a
 * browser sends no SameSite=Strict cookie after a redirect that began on another site.
 */
export function windowGate(key: string, port: () => number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.method === 'GET' && typeof req.query.key === 'string' ? req.query.key : undefined;
    if (given !== undefined && isAccessKey(key, given)) {
      const url = new URL(req.originalUrl, 'http://app');
      url.searchParams.delete('key');
      // One leading slash: "//host/" would be another site.
      const target = `/${url.pathname.replace(/^\/+/, '')}${url.search}`;
      res.setHeader('Set-Cookie', accessCookie(port(), key));
      res.setHeader('Cache-Control', 'no-store');
      const site = req.headers['sec-fetch-site'];
      if (site !== 'cross-site' && site !== 'same-site') return res.redirect(303, target);
      return res
        .type('html')
        .send(`<!doctype html><meta http-equiv="refresh" content="0;url=${target.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">`);
    }
    if (res.locals.authorised) return next();
    res
      .status(401)
      .setHeader('Cache-Control', 'no-store')
      .type('html')
      .send(keyNeededPage(given !== undefined, port()));
  };
}
