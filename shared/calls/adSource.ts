// Which ad brought the caller, in words a receptionist understands: a channel ("Google Ads", "Google search",
// "Yelp", "Direct"), like the common analytics channel groups, and the campaign as a tidied second part. The
// most specific evidence wins: tracked web attribution (UTM), then the click id or referring site, then the
// vendor's attribution rule, then the tracking number's ad, its advertiser and the organisation group.

import type { FoldedCall } from '../domain';
import { collapseSpace } from './callerName';

export type AdSourceInput = Pick<FoldedCall, 'attribution' | 'adName' | 'advertiserName' | 'orgGroupName'>;

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

interface Site {
  /** The channel of a visit from it, and of a paid one (an ad on it). */
  organic: string;
  paid: string;
  /** utm_source values that name it, compared in lower case without spaces, dashes or underscores. */
  sources: readonly string[];
  /** Domains that name it, without the top-level part ("google" matches google.com, google.ca, maps.google.com). */
  domains: readonly string[];
}

const site = (organic: string, paid: string, sources: string[], domains: string[]): Site => ({ organic, paid, sources, domains });

/** Known sites, most specific first ("maps.google" before "google"). */
const SITES: readonly Site[] = [
  site('Google Maps', 'Google Ads', ['googlemaps', 'gmaps', 'maps'], ['maps.google']),
  site('Google Business Profile', 'Google Ads', ['gmb', 'gbp', 'googlemybusiness', 'googlebusiness', 'googlebusinessprofile'], ['business.google']),
  site('Google search', 'Google Ads', ['google', 'googleads', 'adwords', 'googleadwords', 'googlesearch'], ['google', 'googleadservices']),
  site('Bing search', 'Bing Ads', ['bing', 'bingads', 'microsoft', 'microsoftads', 'msn'], ['bing', 'msn']),
  site('Yahoo search', 'Yahoo ads', ['yahoo'], ['yahoo']),
  site('DuckDuckGo', 'DuckDuckGo', ['duckduckgo', 'ddg'], ['duckduckgo']),
  site('Instagram', 'Facebook ads', ['instagram', 'ig'], ['instagram']),
  site('Facebook', 'Facebook ads', ['facebook', 'fb', 'meta', 'facebookads', 'metaads'], ['facebook', 'fb']),
  site('Yelp', 'Yelp', ['yelp'], ['yelp']),
  site('Nextdoor', 'Nextdoor', ['nextdoor'], ['nextdoor']),
  site('LinkedIn', 'LinkedIn ads', ['linkedin'], ['linkedin', 'lnkd']),
  site('YouTube', 'YouTube ads', ['youtube', 'yt'], ['youtube', 'youtu']),
  site('TikTok', 'TikTok ads', ['tiktok'], ['tiktok']),
  site('X (Twitter)', 'X (Twitter) ads', ['twitter', 'x'], ['twitter', 'x', 't']),
  site('Pinterest', 'Pinterest ads', ['pinterest'], ['pinterest']),
  site('Reddit', 'Reddit ads', ['reddit'], ['reddit']),
  site('BBB', 'BBB', ['bbb'], ['bbb']),
  site('HomeStars', 'HomeStars', ['homestars'], ['homestars']),
  site('Houzz', 'Houzz', ['houzz'], ['houzz']),
  site('Angi', 'Angi', ['angi', 'angieslist'], ['angi', 'angieslist']),
  site('HomeAdvisor', 'HomeAdvisor', ['homeadvisor'], ['homeadvisor']),
  site('Apple Maps', 'Apple Maps', ['applemaps'], ['maps.apple']),
  site('ChatGPT', 'ChatGPT', ['chatgpt', 'openai'], ['chatgpt', 'openai']),
];

const SITE_DOMAINS = SITES.map((s) => ({
  site: s,
  pattern: new RegExp(`(^|\\.)(${s.domains.map(escapeDot).join('|')})\\.[a-z]{2,}(\\.[a-z]{2})?$`),
}));

function escapeDot(domain: string): string {
  return domain.replace(/\./g, '\\.');
}

/** A host-like text: "google.com", "m.facebook.com". */
const HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

function siteOfHost(host: string): Site | undefined {
  const h = host.toLowerCase();
  return SITE_DOMAINS.find(({ pattern }) => pattern.test(h))?.site;
}

function siteOfSource(source: string): Site | undefined {
  if (HOST.test(source)) return siteOfHost(referrerHost(source));
  const key = source.toLowerCase().replace(/[\s_.-]+/g, '');
  return SITES.find((s) => s.sources.includes(key));
}

/** Paid media, as GA4 reads utm_medium ("cpc", "ppc", "paid_social", "cpm", "retargeting"). */
const PAID_MEDIUM = /cp[acmv]|^ppc$|^paid|retargeting|remarketing|^sem$|^ads?$|^display$|^banner$/i;
const EMAIL = /^(e[-_ ]?mail|newsletter|mailchimp|constant ?contact|klaviyo)$/i;
const SMS = /^(sms|text|text message)$/i;
const DIRECT = /^\(?direct\)?( traffic| visit)?$/i;
/** Landing-page click ids: the ad network that sent the click. */
const CLICK_IDS: readonly [RegExp, string][] = [
  [/[?&](gclid|gbraid|wbraid|gad_source)=/i, 'Google Ads'],
  [/[?&]msclkid=/i, 'Bing Ads'],
];
/** GA's placeholders for "no value". */
const NOT_SET = /^\((not set|none|not provided|organic|referral|direct)\)$/i;

interface Facts {
  source: string | null;
  medium: string | null;
  referrer: string | null;
  landingPage: string | null;
  rule: string | null;
}

type ChannelRule = (facts: Facts) => string | null | undefined;

function utmChannel({ source, medium }: Facts): string | null {
  if (!source) return null;
  const paid = medium !== null && PAID_MEDIUM.test(medium);
  if (DIRECT.test(source)) return 'Direct';
  if (NOT_SET.test(source)) return null;
  const known = siteOfSource(source);
  if (known) return paid ? known.paid : known.organic;
  if ((medium && EMAIL.test(medium)) || EMAIL.test(source)) return 'Email';
  if (medium && SMS.test(medium)) return 'Text message';
  if (HOST.test(source)) return referrerHost(source).toLowerCase();
  if (medium && /^organic$/i.test(medium)) return `${tidyWords(source)} search`;
  return tidyWords(source);
}

function clickChannel({ landingPage }: Facts): string | null {
  if (!landingPage) return null;
  return CLICK_IDS.find(([pattern]) => pattern.test(landingPage))?.[1] ?? null;
}

function referrerChannel({ referrer }: Facts): string | null {
  if (!referrer) return null;
  const host = referrerHost(referrer).toLowerCase();
  return siteOfHost(host)?.organic ?? host;
}

/** The vendor's rule description: "Global Replacement - Direct", "Paid Search - google.com", "Google Paid". */
function ruleChannel({ rule }: Facts): string | null {
  if (!rule) return null;
  const parts = rule
    .split(/\s+[-–—]\s+/)
    .map(collapseSpace)
    .filter((p) => p !== '');
  if (parts.some((p) => /\btoll[- ]?free\b/i.test(p))) return 'Toll free';
  if (parts.some((p) => DIRECT.test(p))) return 'Direct';
  const paid = parts.some((p) => /\b(paid|ppc|cpc|sponsored)\b/i.test(p));
  const host = parts.find((p) => HOST.test(p));
  if (host) {
    const known = siteOfHost(referrerHost(host));
    return known ? (paid ? known.paid : known.organic) : referrerHost(host).toLowerCase();
  }
  // A whole part names a site before any of its words do: "Google Maps" is not Google search.
  const candidates = [...parts, ...parts.flatMap((p) => p.split(' ')).filter((w) => w.length > 1)];
  const named = candidates.map(siteOfSource).find((s) => s !== undefined);
  if (named) return paid ? named.paid : named.organic;
  return tidyLabel(parts.at(-1) ?? rule);
}

/** In order: the first rule that names a channel wins. */
const CHANNEL_RULES: readonly ChannelRule[] = [utmChannel, clickChannel, referrerChannel, ruleChannel];

/** "invisalign-toronto" → "Invisalign Toronto", "NP-Special-$99-Exam" → "NP Special $99 Exam": separators as spaces, lower case capitalised. */
export function tidyWords(text: string): string {
  let decoded = text;
  try {
    decoded = decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // A stray "%" is kept as sent.
  }
  return tidyLabel(decoded.replace(/[_+]+|(?<=\S)-+|-+(?=\S)/g, ' '));
}

/** A name the vendor gave (a rule, an ad): one space between words, a lower-case one capitalised. */
function tidyLabel(text: string): string {
  const label = collapseSpace(text);
  return label === label.toLowerCase()
    ? label.replace(/(^|\s)(\p{L})/gu, (_m, space: string, letter: string) => space + letter.toUpperCase())
    : label;
}

function factsOf(call: AdSourceInput): Facts {
  const { source, medium, referrer, landingPage, rule } = call.attribution;
  return { source, medium, referrer, landingPage, rule };
}

/** The channel alone ("Google Ads", "Google search", "Yelp", "Direct"): what the ad-source filter groups by. */
export function adChannelOf(call: AdSourceInput): string | null {
  const facts = factsOf(call);
  for (const rule of CHANNEL_RULES) {
    const channel = rule(facts);
    if (channel) return channel;
  }
  const named = call.adName ?? call.advertiserName ?? call.orgGroupName;
  return named ? tidyLabel(named) : null;
}

/** The channel and, when the call names one, the campaign: "Google Ads · Invisalign Toronto". */
export function adSourceOf(call: AdSourceInput): string | null {
  const channel = adChannelOf(call);
  if (!channel) return null;
  const campaign = call.attribution.campaign;
  if (!campaign || NOT_SET.test(campaign.trim())) return channel;
  const tidied = tidyWords(campaign);
  return tidied === '' ? channel : `${channel} · ${tidied}`;
}
