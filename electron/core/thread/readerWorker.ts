// The reader thread (a worker_threads entry): a read-only connection to the call database answering the
// read operations (./readerOperations.ts), so a slow search never holds up a commit of the store worker,
// and the WAL checkpointer (../store/checkpoints.ts), so no commit waits for a checkpoint either.

import { parentPort, resourceLimits, workerData } from 'node:worker_threads';
import { CallStore } from '../store/callStore';
import { Checkpointer } from '../store/checkpoints';
import { openReadOnlyDatabase } from '../store/db';
import { readHandlers } from './readerHandlers';
import { carryError, type FromReader, type ReadOperation, type ToReader } from './readerOperations';
import type { ReaderWorkerData } from './readerPool';
import { lowerOwnPriority, READER_NICENESS, type PriorityOutcome } from './threadPriority';

const port = parentPort!;
const options = workerData as ReaderWorkerData;
const post = (message: FromReader) => port.postMessage(message);

// Before anything else: searches back to back then leave the CPU to ingest and the front.
const niceness = options.niceness === undefined ? READER_NICENESS : options.niceness;
const priority: PriorityOutcome = niceness === null ? { lowered: false, why: 'asked to keep the normal priority' } : lowerOwnPriority(niceness);
if (!priority.lowered && process.platform === 'linux' && niceness !== null)
  console.warn(`The search thread keeps the normal CPU priority: ${priority.why}`);

const db = openReadOnlyDatabase(options.dataDir, options.sqliteBinding);
const store = new CallStore(db, options.tuning, options.refusedBodyBudget, Date.now, { readOnly: true });
const handlers = readHandlers(store, db) as Record<ReadOperation, (request: unknown) => unknown>;
const checkpointer =
  options.checkpoints === false
    ? null
    : new Checkpointer(options.dataDir, { policy: options.checkpoints, nativeBinding: options.sqliteBinding, log: (line) => console.warn(line) });
checkpointer?.start();

async function answer(id: number, run: () => unknown): Promise<void> {
  try {
    post({ kind: 'answer', id, ok: true, value: await run() });
  } catch (error) {
    post({ kind: 'answer', id, ok: false, error: carryError(error) });
  }
}

port.on('message', (message: ToReader) => {
  switch (message.kind) {
    case 'read': {
      const handler = handlers[message.name as ReadOperation] as ((request: unknown) => unknown) | undefined;
      void answer(message.id, () => {
        if (!handler) throw new Error(`The reader thread does not answer ${message.name}`);
        return handler(message.request);
      });
      return;
    }
    case 'stats':
      void answer(message.id, () => checkpointer?.stats() ?? null);
      return;
    case 'close':
      // The checkpointer's connection last: the last to close checkpoints the WAL and removes it.
      db.close();
      checkpointer?.close();
      port.close();
      return;
  }
});

post({ kind: 'ready', priority, youngGenerationMb: resourceLimits.maxYoungGenerationSizeMb ?? 0 });
