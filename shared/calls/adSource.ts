// Which ad brought the caller, as one short label for the alert and the list. The most specific evidence
// wins: tracked web attribution (UTM), then the referring site, then the vendor's attribution rule, then the
// tracking number's ad, its advertiser and finally the organisation group.

import type { FoldedCall } from '../domain';

type AdSourceInput = Pick<FoldedCall, 'attribution' | 'adName' | 'advertiserName' | 'orgGroupName'>;

/** "https://www.google.com/search?q=x" → "google.com"; text that is not a URL is returned trimmed. */
export function referrerHost(referrer: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(referrer) ? referrer : `http://${referrer}`;
  try {
    const host = new URL(withScheme).hostname.replace(/^www\./i, '');
    return host || referrer.trim();
  } catch {
    return referrer.trim();
  }
}

export function adSourceOf(call: AdSourceInput): string | null {
  const { source, medium, campaign, referrer, rule } = call.attribution;
  if (source) {
    const base = medium ? `${source} / ${medium}` : source;
    return campaign ? `${base} (${campaign})` : base;
  }
  if (referrer) return `${referrerHost(referrer)} (referral)`;
  return rule ?? call.adName ?? call.advertiserName ?? call.orgGroupName ?? null;
}
