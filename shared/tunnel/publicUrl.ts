// The public webhook URL (what goes into Marketing Edge) and whether it is still the one entered there.

/** A public base URL as typed or reported: http(s), no query or fragment, no trailing slash; null if unusable. */
export function normalisePublicBase(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password) return null;
  // Someone pasting the full webhook URL means its base: the token part is the app's, not theirs.
  const path = url.pathname.replace(/\/hooks(\/[^/]*)?\/?$/, '').replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** The public base URL + the webhook path (/hooks/<token>). */
export function publicWebhookUrl(base: string | null, webhookPath: string): string | null {
  if (base === null) return null;
  const normal = normalisePublicBase(base);
  return normal === null ? null : `${normal}${webhookPath}`;
}

/** The URL needs (re-)entering in Marketing Edge: known, and not the one last confirmed. */
export function urlNeedsUpdate(current: string | null, confirmed: string | null): boolean {
  return current !== null && current !== confirmed;
}
