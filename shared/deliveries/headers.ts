// A delivery's headers as the inspector shows them: the values of credentials masked, and the webhook token
// (a reverse proxy may copy the path /hooks/<token> into x-forwarded-uri, x-original-uri, …) replaced
// wherever it appears. Pure; the store keeps the headers as received (they are not signed, the body is).

/** Shown instead of a masked value or the token. */
export const MASK = '…';

/** Headers whose value is a credential: masked whole. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie)$|api[-_]?key|subscription[-_]?key|token|secret|password/i;

/** The headers with credentials masked and `token` replaced by "…" in every value. */
export function maskedHeaders(headers: Readonly<Record<string, string>>, token: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (CREDENTIAL_HEADER.test(name)) out[name] = MASK;
    else out[name] = token ? String(value).split(token).join(MASK) : String(value);
  }
  return out;
}
