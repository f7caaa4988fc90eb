// What the webhook listener hands the store, and how the store judges it (signature, refusals) where the
// secret is. Apart from the listener's routes so that the store's thread never loads the HTTP framework.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { SignatureVerdict } from '../../../shared/api';
import type { DeliveryResult } from '../store/callStore';
import type { IncomingDelivery, Refusal } from '../store/rows';
import { checkSignature, signatureRefused, type SignatureMode } from './signature';

export interface WebhookConfig {
  token: string;
  secret: string | null;
  signatureMode: SignatureMode;
  /** A secret is kept but could not be read: deliveries are stored unchecked, and say so. */
  secretUnreadable?: boolean;
}

export const SIGNATURE_NOT_CHECKED_NOTE = 'signature not checked: the secret could not be read';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function tokenMatches(candidate: string, token: string): boolean {
  return timingSafeEqual(digest(candidate), digest(token));
}

/** What the listener read of one webhook, before it is judged: the body exactly as received, or why it was not read. */
export interface ReceivedWebhook {
  receivedAt: string;
  /** Credentials and the URL's token masked (headers are not signed; the body is kept exactly). */
  headers: Record<string, string>;
  body: Uint8Array;
  /** The `ms-signature` header as sent. */
  signature: string | undefined;
  /** The body's Content-Encoding when it is not the identity. */
  encoding: string | null;
  /** Set when the body was not read (too large, cut off): it is stored as refused whatever the signature. */
  unread?: Refusal;
}

/** What the listener needs of an acknowledgement. */
export type DeliveryAnswer = Pick<DeliveryResult, 'deliveryId' | 'status' | 'outcome' | 'reason'>;

/** Where the listener hands what it read: the store, in this thread or across to its worker; settles once on disk. */
export interface DeliverySink {
  receive(received: ReceivedWebhook): Promise<DeliveryAnswer>;
}

/** How the store files a webhook it was handed: the signature verdict, and whether it is refused at the door. */
export function judgeDelivery(received: ReceivedWebhook, config: WebhookConfig): IncomingDelivery {
  const body = Buffer.from(received.body.buffer, received.body.byteOffset, received.body.byteLength);
  const base = { receivedAt: received.receivedAt, headers: received.headers, body };
  if (received.unread) return { ...base, signature: 'not-checked', refusal: received.unread };
  const { secret, signatureMode, secretUnreadable } = config;
  const verdict: SignatureVerdict = checkSignature(body, received.signature, secret, signatureMode);
  const note = secretUnreadable && signatureMode !== 'off' ? SIGNATURE_NOT_CHECKED_NOTE : undefined;
  let refusal: Refusal | undefined;
  if (signatureRefused(verdict, signatureMode)) {
    // Anyone with the URL can send these: only the record and the body's first bytes are kept.
    refusal = { status: 401, reason: `Signature ${verdict}: delivery refused (signature mode is enforce)`, keep: 'head' };
  } else if (received.encoding) {
    refusal = {
      status: 415,
      reason: `Content-Encoding "${received.encoding}" refused: bodies are kept exactly as received, never inflated`,
      keep: 'whole',
    };
  }
  const delivery: IncomingDelivery = { ...base, signature: verdict, refusal };
  return note ? { ...delivery, note } : delivery;
}
