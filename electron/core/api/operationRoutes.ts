// The app listener's API routes, one per operation of the contract: read the request where the contract
// says it travels, validate it by the contract's schema, call the core's handler, answer JSON (or CSV).

import { once } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import express, { type Request, type Response } from 'express';
import { OPERATIONS, OPERATION_NAMES, type Operation } from '../../../shared/contract/operations';
import { httpRequest, RequestError, validRequest } from '../../../shared/contract/requests';
import { answerStoreUnavailable, StoreUnavailableError } from '../thread/storeUnavailable';
import type { CoreHandlers } from './handlers';

const JSON_LIMIT = '16kb';

/** Writes the chunks as they come, waiting when the connection falls behind; a large export never blocks the listener. */
async function streamCsv(res: Response, chunks: Iterable<string> | AsyncIterable<string>): Promise<void> {
  const day = new Date().toISOString().slice(0, 10);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="calls-${day}.csv"`);
  let closed = false;
  res.on('close', () => (closed = true));
  for await (const chunk of chunks) {
    if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    if (closed) break;
    await nextTurn();
  }
  res.end();
}

function answerRefusal(res: Response, error: unknown): void {
  if (error instanceof StoreUnavailableError) return answerStoreUnavailable(res, error);
  if (!(error instanceof RequestError)) throw error;
  res.status(error.status).json({ error: error.message });
}

/** Only the fields the contract lets a caller without the app's key see (the app listener lets no one else through unkeyed). */
function anonymousView(operation: Operation, result: unknown): unknown {
  const fields = operation.httpAnonymous ?? [];
  return Object.fromEntries(Object.entries(result as Record<string, unknown>).filter(([key]) => fields.includes(key)));
}

export function operationRoutes(handlers: CoreHandlers): express.Router {
  const router = express.Router();
  const json = express.json({ limit: JSON_LIMIT });
  for (const name of OPERATION_NAMES) {
    const operation = OPERATIONS[name];
    if (!operation.http || name === 'openExternal') continue;
    const { method, path } = operation.http;
    const route = async (req: Request, res: Response) => {
      try {
        const request = validRequest(name, httpRequest(name, { params: req.params as Record<string, string>, query: req.query, body: req.body }));
        const handler = handlers[name] as (request: unknown) => unknown;
        const result = await handler(request);
        if (operation.response.kind === 'csv') return await streamCsv(res, result as Iterable<string> | AsyncIterable<string>);
        if (result === null && 'notFound' in operation) throw new RequestError(404, (operation.notFound as (r: unknown) => string)(request));
        if ('httpStatus' in operation) res.status((operation.httpStatus as (r: unknown) => number)(result));
        res.json(res.locals.authorised ? result : anonymousView(operation, result));
      } catch (error) {
        answerRefusal(res, error);
      }
    };
    const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    if (method === 'GET' || method === 'DELETE') router[verb](path, route);
    else router[verb](path, json, route);
  }
  return router;
}
