// Time zones: the one place the tree asks Intl about a zone.

/** An IANA zone Intl accepts, such as America/Toronto. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
