// A delivery's headers as stored and shown: the values of credentials masked, and the webhook token (a reverse
// proxy may copy the path /hooks/<token> into x-forwarded-uri, x-original-uri, …) replaced wherever it appears.
// Pure; the webhook receiver masks them before they are stored (they are not signed, the body is).

/** Shown instead of a masked value or the token. */
export const MASK = '…';

/**
 * Headers whose value is a credential, whatever a proxy or gateway prefixes them with (x-forwarded-authorization,
 * cf-access-jwt-assertion): masked whole. A signature is not one (ms-signature is a hash of the body): kept.
 */
const CREDENTIAL_HEADER = /authorization|cookie|jwt|assertion|session|credential|api[-_]?key|subscription[-_]?key|token|secret|password/i;

/** The headers with credentials masked and `token` replaced by "…" in every value. */
export function maskedHeaders(headers: Readonly<Record<string, string>>, token: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (CREDENTIAL_HEADER.test(name)) out[name] = MASK;
    else out[name] = token ? String(value).split(token).join(MASK) : String(value);
  }
  return out;
}
