// The three sample payloads from the vendor's webhook documentation, cut out of the document byte for byte.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SEED_DOC = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'marketing-edge-webhooks-doc.txt');

/** The end (exclusive) of the JSON value that starts with `{` at `start`, by brace matching outside strings. */
function endOfObject(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  throw new Error('Unbalanced JSON in the seed document');
}

export interface SeedSample {
  name: 'preprocessed' | 'processed' | 'start';
  /** The body exactly as it stands in the document. */
  body: string;
  /** Headers of the recorded request, where the document has them. */
  headers: Record<string, string>;
}

export function loadSeeds(): Record<SeedSample['name'], SeedSample> {
  const text = fs.readFileSync(SEED_DOC, 'utf8');
  const objects: string[] = [];
  for (let i = text.indexOf('\n{'); i !== -1;) {
    const end = endOfObject(text, i + 1);
    objects.push(text.slice(i + 1, end));
    i = text.indexOf('\n{', end);
  }
  if (objects.length !== 3) throw new Error(`Expected 3 samples in the seed document, found ${objects.length}`);
  const recorded = objects[1]!;
  const bodyStart = recorded.indexOf('{', recorded.indexOf('"RequestBody"'));
  const recordedHeaders = JSON.parse(recorded).Headers as Record<string, string>;
  const headers = Object.fromEntries(
    Object.entries(recordedHeaders).filter(([k]) => !['content-length', 'host', 'connection', 'expect'].includes(k.toLowerCase())),
  );
  return {
    preprocessed: { name: 'preprocessed', body: objects[0]!, headers: {} },
    processed: { name: 'processed', body: recorded.slice(bodyStart, endOfObject(recorded, bodyStart)), headers },
    start: { name: 'start', body: objects[2]!, headers: {} },
  };
}

/** A body as the vendor really sends it: CRLF line ends. */
export function withCrlf(body: string): string {
  return body.replace(/\r?\n/g, '\r\n');
}
