// The reader thread's handlers: the store worker's own handlers of the read operations, on a read-only
// store. Apart from ./readerOperations.ts, which the front loads, so that the front never loads the store.

import { createCoreHandlers, type CoreHandlers } from '../api/handlers';
import { ChangeFeed } from '../changeFeed';
import type { CallStore } from '../store/callStore';
import type { Db } from '../store/db';
import { READ_OPERATIONS, type ReadOperation } from './readerOperations';

/** The handlers of the read operations, on a read-only store: the very functions the store worker runs. */
export function readHandlers(store: CallStore, db: Db): Pick<CoreHandlers, ReadOperation> {
  const all = createCoreHandlers({
    store,
    db,
    version: '',
    // None of the read operations looks at these: the running core's state lives in the store worker.
    database: () => null,
    secrets: () => [],
    controls: () => {
      throw new Error('The reader thread answers only the read operations');
    },
    feed: new ChangeFeed(),
  });
  return Object.fromEntries([...READ_OPERATIONS].map((name) => [name, all[name]])) as Pick<CoreHandlers, ReadOperation>;
}
