// Links out of the window open in the system browser; only https ones, so nothing can send the person to a
// plain-http page or run a script from a link.

/** The address to link to, or null when it is not a well-formed https address (then it is shown as text). */
export function httpsHref(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || !parsed.hostname) return null;
  return parsed.href;
}
