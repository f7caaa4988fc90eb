// The recordings as the core runs them: a changed recording pushes its call again (the window's player
// appears once cached), and reading a call's detail asks for a recording this PC does not hold.

import type { CoreHandlers } from '../api/handlers';
import type { ChangeFeed } from '../changeFeed';
import type { CallStore } from '../store/callStore';
import type { Db } from '../store/db';
import { Recordings, type RecordingsOptions } from './recordings';

export type { RecordingFile } from './recordings';
export type RecordingFetchOptions = Pick<RecordingsOptions, 'limits' | 'retryUnitMs'>;

export function coreRecordings(
  db: Db,
  store: CallStore,
  feed: ChangeFeed,
  options: { dataDir: string; recordingBudgetBytes?: number; recordingFetch?: RecordingFetchOptions },
): Recordings {
  const recordings = new Recordings({
    db,
    dataDir: options.dataDir,
    budgetBytes: options.recordingBudgetBytes,
    ...options.recordingFetch,
    log: (line) => console.warn(line),
    onChange(callId) {
      const call = feed.size > 0 ? store.getCall(callId) : null;
      if (call) feed.emit({ call, alert: null });
    },
  });
  // Calls a catch-up run brought in may have recordings.
  feed.onCatchUp(() => recordings.wake());
  return recordings;
}

/** Reading a call's detail asks for its recording when this PC does not hold it (one evicted comes back). */
export function askingOnDetail(getCall: CoreHandlers['getCall'], recordings: Recordings): CoreHandlers['getCall'] {
  return (id) => {
    const detail = getCall(id);
    const state = detail && !(detail instanceof Promise) ? detail.call.recording?.state : undefined;
    if (state !== undefined && state !== 'cached') void recordings.ask(id);
    return detail;
  };
}
