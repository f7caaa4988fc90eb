// Where each worker's code is. Under tsx (headless mode, tests, the bench) the entry is TypeScript, which a
// worker does not load by itself: it is booted through tsx's API. The desktop bundle (D) ships each entry as
// its own file beside main.cjs (dist/electron/storeWorker.cjs, readerWorker.cjs).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export type WorkerKind = 'store' | 'reader';

const SOURCES: Record<WorkerKind, string> = { store: 'storeWorker', reader: 'readerWorker' };

/** How to start a worker: a bundled file, or an evaluated boot that loads the TypeScript entry through tsx. */
export interface WorkerEntry {
  code: string | URL;
  eval: boolean;
}

/** This module's folder; in the desktop bundle that is dist/electron, where the bundled entries lie. */
function here(): string {
  return typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
}

export function workerEntry(kind: WorkerKind, dir = here()): WorkerEntry {
  const bundled = path.join(dir, `${SOURCES[kind]}.cjs`);
  if (fs.existsSync(bundled)) return { code: bundled, eval: false };
  const source = path.join(dir, `${SOURCES[kind]}.ts`);
  if (!fs.existsSync(source)) throw new Error(`The ${kind} worker's code is missing: neither ${bundled} nor ${source}`);
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = pathToFileURL(source).href;
  return { code: `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`, eval: true };
}

export function startWorker(kind: WorkerKind, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const entry = workerEntry(kind);
  return new Worker(entry.code, { ...options, eval: entry.eval });
}
