// Which of the front's requests can move a value the front mirrors (token, signature mode, alert choices, the
// tunnel's and catch-up's state, secret problems). Only after those does the store worker compare its mirror
// again: that look reads settings and secrets (over the desktop's bridge, the main thread's), far too much to
// do after each search, page or CSV chunk. Values that change by themselves have their own events.

import { OPERATIONS } from '../../../shared/contract/operations';
import type { Control, ToWorker } from './protocol';

/** Controls that only read, or touch what is not mirrored (the shell's own settings, recordings, streams). */
const MIRROR_UNTOUCHED: ReadonlySet<Control['kind']> = new Set<Control['kind']>([
  'shellSetting',
  'setShellSetting',
  'recording.file',
  'recording.ask',
  'recording.whyNot',
  'feed.calls',
  'csv.next',
  'csv.cancel',
]);

/** Whether the mirror is compared again once this request is answered (a delivery's changes come by the feed). */
export function mayChangeMirror(message: ToWorker): boolean {
  if (message.type === 'deliver') return false;
  if (message.type === 'control') return !MIRROR_UNTOUCHED.has(message.control.kind);
  // A GET only reads; an operation without a route is asked of the store for a reason of its own.
  return OPERATIONS[message.name].http?.method !== 'GET';
}
