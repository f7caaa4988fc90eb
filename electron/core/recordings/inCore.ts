// The recordings as the core runs them: a changed recording pushes its call again (the window's player
// appears once cached), and reading a call's detail asks for a recording this PC does not hold.

import type { CoreHandlers } from '../api/handlers';
import type { ChangeFeed } from '../changeFeed';
import type { CallStore } from '../store/callStore';
import type { Db } from '../store/db';
import { Recordings, type RecordingFile, type RecordingsOptions } from './recordings';

export interface CoreRecordingOptions {
  /** Bytes the downloaded recordings may take (2 GiB when omitted). */
  recordingBudgetBytes?: number;
  /** Their download limits and backoff (tests shorten them). */
  recordingFetch?: Pick<RecordingsOptions, 'limits' | 'retryUnitMs'>;
}

export interface CoreRecordingFiles {
  /** A call's recording as a file on this PC, or null when it is not downloaded (the shell serves it over app://). */
  recordingFile(callId: number): RecordingFile | null;
}

export function coreRecordings(db: Db, store: CallStore, feed: ChangeFeed, options: CoreRecordingOptions & { dataDir: string }): Recordings {
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
