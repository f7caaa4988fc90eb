import type { CallOutcomeFilter } from '../api';
import type { CallStatus, FoldedCall } from '../domain';

/** How the call went, as the list and the filters name it; null while the vendor has not said. */
export function callOutcome(call: Pick<FoldedCall, 'answered' | 'voicemail'> & { status: CallStatus }): CallOutcomeFilter | null {
  if (call.status === 'ringing') return 'ringing';
  // Past the ring window nothing says how it went (shared/calls/ringWindow.ts).
  if (call.status === 'no-details') return null;
  if (call.voicemail) return 'voicemail';
  if (call.answered === true) return 'answered';
  if (call.answered === false) return 'missed';
  return null;
}
