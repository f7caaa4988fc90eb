// The ASP.NET WebHooks signature: `ms-signature: sha256=<HEX>`, HMAC-SHA256 of the exact raw body bytes
// keyed with the UTF-8 secret. Checked before anything parses the body, compared in constant time.

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SignatureVerdict } from '../../../shared/api';
import { SIGNATURE_MODES as MODES, type SignatureModeSetting } from '../../../shared/contract/schemas';

export type SignatureMode = SignatureModeSetting;
export const SIGNATURE_MODES: readonly SignatureMode[] = MODES;

export function signatureOf(body: Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('hex').toUpperCase()}`;
}

export function checkSignature(body: Buffer, header: string | undefined, secret: string | null, mode: SignatureMode): SignatureVerdict {
  if (mode === 'off' || !secret) return 'not-checked';
  if (!header) return 'missing';
  const m = /^\s*sha256=([0-9a-f]{64})\s*$/i.exec(header);
  if (!m) return 'invalid';
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(m[1]!, 'hex')) ? 'valid' : 'invalid';
}

/** Whether a delivery with this verdict is refused (401) rather than stored as accepted. */
export function signatureRefused(verdict: SignatureVerdict, mode: SignatureMode): boolean {
  return mode === 'enforce' && (verdict === 'invalid' || verdict === 'missing');
}
