// Reading a request off either transport against the contract, and the one way a refusal is worded.

import { z } from 'zod';
import { OPERATIONS, type Carrier, type Operation, type OperationName, type ValidRequestOf } from './operations';

/** A request the core refuses, with the HTTP status that says why (the IPC error carries the same message). */
export class RequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/** "field.path: reason; …", the path led by the carrier's name for a single-value request. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], name?: string): string {
  return issues
    .map((issue) => {
      const path = [...(name ? [name] : []), ...issue.path.map(String)].join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

function carrierName(carrier: Carrier): string | undefined {
  // A path-and-body request is an object: its issues already name their fields.
  return typeof carrier === 'object' && !('pathAndBody' in carrier) ? Object.values(carrier)[0] : undefined;
}

/** Validates a request as the operation's schema reads it; throws a 400 RequestError saying what is wrong. */
export function validRequest<K extends OperationName>(name: K, request: unknown): ValidRequestOf<K> {
  const operation = OPERATIONS[name];
  const parsed = operation.request.safeParse(request);
  if (!parsed.success) {
    const carrier = operation.http?.carrier;
    throw new RequestError(400, describeIssues(parsed.error.issues, carrier ? carrierName(carrier) : undefined));
  }
  return parsed.data as ValidRequestOf<K>;
}

/** The scalar type a schema expects, seen through optional, nullable, default and transform wrappers. */
function scalarKind(schema: z.ZodType): 'boolean' | 'number' | 'other' {
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else break;
  }
  if (s instanceof z.ZodBoolean) return 'boolean';
  if (s instanceof z.ZodNumber) return 'number';
  return 'other';
}

/** A query-string value as the value the schema expects; one it cannot be is passed on for the schema to refuse. */
function decodeQueryValue(schema: z.ZodType, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const kind = scalarKind(schema);
  if (kind === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  if (kind === 'number' && /^-?\d+$/.test(value.trim())) return Number(value);
  return value;
}

/** Where an HTTP request's parts are. */
export interface HttpRequestParts {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

/**
 * The request an HTTP call carries, before validation: query values are decoded to the types the schema
 * expects, a single-value carrier takes exactly its one key (any other is refused, as over IPC), and the
 * fields the operation refuses over HTTP are refused.
 */
export function httpRequest(name: OperationName, parts: HttpRequestParts): unknown {
  const request = carriedRequest(name, parts);
  const refuses = (OPERATIONS[name] as Operation).httpRefuses ?? {};
  if (typeof request === 'object' && request !== null) {
    const refused = Object.keys(refuses).filter((key) => key in request);
    if (refused.length > 0) throw new RequestError(400, refused.map((key) => `${key}: not accepted over HTTP; ${refuses[key]}`).join('; '));
  }
  return request;
}

function carriedRequest(name: OperationName, parts: HttpRequestParts): unknown {
  const operation = OPERATIONS[name];
  const carrier = (operation.http?.carrier ?? 'none') as Carrier;
  const schema = operation.request;
  const refuseOthers = (record: Record<string, unknown>, key: string) => {
    const others = Object.keys(record).filter((k) => k !== key);
    if (others.length > 0) throw new RequestError(400, `${others.map((k) => `"${k}"`).join(', ')}: not part of this request`);
  };
  if (carrier === 'none') return undefined;
  if (carrier === 'body') return parts.body ?? {};
  if (carrier === 'query') {
    // An optional query (listDeliveries) is still an object: its numbers are decoded as a required one's.
    const object = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
    const shape = object instanceof z.ZodObject ? (object.shape as Record<string, z.ZodType>) : {};
    return Object.fromEntries(Object.entries(parts.query).map(([k, v]) => [k, shape[k] ? decodeQueryValue(shape[k], v) : v]));
  }
  if ('path' in carrier) return decodeQueryValue(schema, parts.params[carrier.path]);
  if ('pathAndBody' in carrier) {
    const body = parts.body ?? {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RequestError(400, 'Send a JSON object as the body');
    if (carrier.pathAndBody in body) throw new RequestError(400, `"${carrier.pathAndBody}": given in the path, not the body`);
    const field = schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>)[carrier.pathAndBody] : undefined;
    const inPath = parts.params[carrier.pathAndBody];
    return { ...body, [carrier.pathAndBody]: field ? decodeQueryValue(field, inPath) : inPath };
  }
  if ('query' in carrier) {
    refuseOthers(parts.query, carrier.query);
    return decodeQueryValue(schema, parts.query[carrier.query]);
  }
  const body = parts.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RequestError(400, `Send {"${carrier.body}": …} as the JSON body`);
  }
  refuseOthers(body as Record<string, unknown>, carrier.body);
  return (body as Record<string, unknown>)[carrier.body];
}

/** The URL path and query, and the JSON body, that carry `request` to the operation's route. */
export function httpCall(name: OperationName, request: unknown): { method: string; url: string; body: unknown } | null {
  const http = OPERATIONS[name].http;
  if (!http) return null;
  const carrier = http.carrier as Carrier;
  let url: string = http.path;
  let body: unknown;
  const query = new URLSearchParams();
  const put = (key: string, value: unknown) => {
    if (value !== undefined && value !== '') query.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  };
  if (carrier === 'query') for (const [k, v] of Object.entries((request ?? {}) as Record<string, unknown>)) put(k, v);
  else if (carrier === 'body') body = request ?? {};
  else if (carrier !== 'none') {
    if ('path' in carrier) url = url.replace(`:${carrier.path}`, encodeURIComponent(String(request)));
    else if ('pathAndBody' in carrier) {
      const { [carrier.pathAndBody]: inPath, ...rest } = (request ?? {}) as Record<string, unknown>;
      url = url.replace(`:${carrier.pathAndBody}`, encodeURIComponent(String(inPath)));
      body = rest;
    } else if ('query' in carrier) put(carrier.query, request);
    else body = { [carrier.body]: request };
  }
  const search = query.toString();
  return { method: http.method, url: search ? `${url}?${search}` : url, body };
}
