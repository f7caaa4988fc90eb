// The inspector's fixed words: kinds, signatures, what of a body is kept, sizes, and what the list shows.
// The summaries and reasons themselves come worded from the core (shared/deliveries/words.ts).

import type { BodyKept, DeliveryKind, DeliveryView, SignatureVerdict } from '../../../../shared/api';
import { sizeInWords } from '../../../../shared/format';
import type { AnswerOutcome } from '../../model/route';

export const KIND_LABELS: Record<DeliveryKind, string> = {
  accepted: 'Accepted',
  duplicate: 'Duplicate',
  rejected: 'Rejected',
  refused: 'Refused',
  failed: 'Failed',
};

/** The signature check, as Settings words it ("Check that deliveries come from Marketing Edge"). */
export const SIGNATURE_WORDS: Record<SignatureVerdict, string> = {
  'not-checked': 'Not checked: the check that deliveries come from Marketing Edge is off in Settings',
  valid: 'Yes: signed with the webhook secret in Settings',
  invalid: 'Not proven: not signed with the webhook secret in Settings',
  missing: 'Not proven: it came without a signature',
};

export function sizeWords(bytes: number | null): string {
  return bytes === null ? 'Not known' : sizeInWords(bytes);
}

const BODY_KEPT_WORDS: Record<BodyKept, string> = {
  whole: 'The whole body is kept.',
  head: 'Only the start of the body is kept: it was refused, so the rest was not stored.',
  dropped: 'The body is no longer kept: it was dropped to keep the copies of refused deliveries within their space. Its record stays.',
  none: 'The body was never read, so nothing of it is kept.',
};

export function bodyKeptWords(kept: BodyKept): string {
  return BODY_KEPT_WORDS[kept];
}

/** What the list says when it is empty, for each filter: never just a blank. */
export function emptyWords(kind: DeliveryKind | null, q: string): string {
  if (q) return `No delivery matches “${q}”. Search finds a caller's name or number, or a delivery's id.`;
  switch (kind) {
    case null:
      return 'Nothing has arrived on the webhook yet. When Marketing Edge sends a call, it shows here.';
    case 'accepted':
      return 'No delivery has been accepted yet.';
    case 'duplicate':
      return 'No duplicates: Marketing Edge has not sent anything twice.';
    case 'rejected':
      return 'Nothing rejected: everything read was a Marketing Edge webhook.';
    case 'refused':
      return 'Nothing refused: no delivery was turned away.';
    case 'failed':
      return 'Nothing failed: every stored delivery was applied to its call.';
  }
}

export function emptyAnswerWords(outcome: AnswerOutcome | null): string {
  if (outcome === null)
    return 'Catch-up has kept no answers from the Marketing Edge API yet. Set it up in Settings to fetch calls the webhook missed.';
  return `No ${outcome} answers.`;
}

/** "Showing all 3 rejected deliveries." / "Showing the newest 50 deliveries. Older ones are stored too." */
export function countWords(shown: number, hasOlder: boolean, what: string, whats: string): string {
  const noun = shown === 1 ? what : whats;
  return hasOlder
    ? `Showing the newest ${shown} ${noun}. Older ones are stored too.`
    : `Showing ${shown === 1 ? 'the only' : `all ${shown}`} ${noun}.`;
}

export function deliveryTitle(d: Pick<DeliveryView, 'id'>): string {
  return `Delivery #${d.id}`;
}
