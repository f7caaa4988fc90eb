import { describe, expect, it } from 'vitest';
import { REFERRERS, RULES, WEB_SOURCES } from '../../bench/corpus';
import { adChannelOf, adSourceOf, referrerHost, tidyWords, type AdSourceInput } from '../../shared/calls/adSource';
import { foldCall } from '../../shared/calls/fold';
import type { Attribution } from '../../shared/domain';
import { normaliseEnvelope, parseEnvelope } from '../../shared/marketingEdge/normalise';
import { NO_ATTRIBUTION } from './renderer-fixtures';
import { loadSeeds } from '../support/seeds';

const call = (attribution: Partial<Attribution>, names: Partial<AdSourceInput> = {}): AdSourceInput => ({
  adName: null,
  advertiserName: null,
  orgGroupName: null,
  ...names,
  attribution: { ...NO_ATTRIBUTION, ...attribution },
});

describe('ad channels: real UTM, referrer and rule combinations', () => {
  it.each<[string, Partial<Attribution>, string]>([
    // UTM: GA4's default channel groups, in words.
    ['google / cpc', { source: 'google', medium: 'cpc', campaign: 'invisalign-toronto' }, 'Google Ads · Invisalign Toronto'],
    ['google / ppc', { source: 'Google', medium: 'ppc' }, 'Google Ads'],
    ['google / paidsearch', { source: 'google', medium: 'paidsearch' }, 'Google Ads'],
    ['google / paid', { source: 'google', medium: 'paid' }, 'Google Ads'],
    ['adwords / cpc', { source: 'adwords', medium: 'cpc' }, 'Google Ads'],
    ['google / organic', { source: 'google', medium: 'organic' }, 'Google search'],
    [
      'google / search (the seed)',
      { source: 'google', medium: 'search', campaign: 'testcampaign', referrer: 'google.com', rule: 'abc - google.com' },
      'Google search · Testcampaign',
    ],
    ['google without medium', { source: 'google' }, 'Google search'],
    ['bing / cpc', { source: 'bing', medium: 'cpc', campaign: 'heating_search' }, 'Bing Ads · Heating Search'],
    ['bing / organic', { source: 'bing', medium: 'organic' }, 'Bing search'],
    ['facebook / paid_social', { source: 'facebook', medium: 'paid_social', campaign: 'NP-Special-$99-Exam' }, 'Facebook ads · NP Special $99 Exam'],
    ['fb / cpc', { source: 'fb', medium: 'cpc' }, 'Facebook ads'],
    ['instagram / paid', { source: 'instagram', medium: 'paid' }, 'Facebook ads'],
    ['meta / paid_social', { source: 'meta', medium: 'paid_social' }, 'Facebook ads'],
    ['facebook / social', { source: 'facebook', medium: 'social', campaign: 'spring_tuneup' }, 'Facebook · Spring Tuneup'],
    ['instagram / social', { source: 'instagram', medium: 'social' }, 'Instagram'],
    ['m.facebook.com / referral', { source: 'm.facebook.com', medium: 'referral' }, 'Facebook'],
    ['yelp / referral', { source: 'yelp', medium: 'referral', campaign: 'yelp_ads' }, 'Yelp · Yelp Ads'],
    ['yelp / cpc', { source: 'yelp', medium: 'cpc' }, 'Yelp'],
    ['newsletter / email', { source: 'newsletter', medium: 'email', campaign: 'monthly_tips' }, 'Email · Monthly Tips'],
    ['mailchimp / newsletter', { source: 'mailchimp', medium: 'newsletter' }, 'Email'],
    ['(direct) / (none)', { source: '(direct)', medium: '(none)', campaign: '(not set)' }, 'Direct'],
    ['direct', { source: 'direct' }, 'Direct'],
    ['partner / referral', { source: 'partner', medium: 'referral' }, 'Partner'],
    ['example.com / referral', { source: 'www.example.com', medium: 'referral' }, 'example.com'],
    ['ecosia / organic', { source: 'ecosia', medium: 'organic' }, 'Ecosia search'],
    ['gmb / organic', { source: 'gmb', medium: 'organic' }, 'Google Business Profile'],
    ['nextdoor / social', { source: 'nextdoor', medium: 'social' }, 'Nextdoor'],
    ['linkedin / cpc', { source: 'linkedin', medium: 'cpc' }, 'LinkedIn ads'],
    ['tiktok / paid_social', { source: 'tiktok', medium: 'paid_social', campaign: 'SPRING2026' }, 'TikTok ads · SPRING2026'],
    ['sms', { source: 'clinic', medium: 'sms' }, 'Text message'],
    ['radio_ad', { source: 'radio_ad', campaign: 'morning%20drive' }, 'Radio Ad · Morning Drive'],
    // No UTM: the click id, then the referring site.
    ['a gclid on the landing page', { landingPage: 'https://clinic.example/?gclid=EAIaIQobChMI', referrer: 'https://www.google.com/' }, 'Google Ads'],
    ['an msclkid on the landing page', { landingPage: 'https://clinic.example/?msclkid=abc' }, 'Bing Ads'],
    ['google.ca referrer', { referrer: 'https://www.google.ca/' }, 'Google search'],
    ['maps.google.com referrer', { referrer: 'https://maps.google.com/maps?cid=1' }, 'Google Maps'],
    ['l.facebook.com referrer', { referrer: 'https://l.facebook.com/l.php?u=x' }, 'Facebook'],
    ['yelp.ca referrer', { referrer: 'https://www.yelp.ca/biz/clinic' }, 'Yelp'],
    ['youtube referrer', { referrer: 'https://m.youtube.com/watch?v=1' }, 'YouTube'],
    ['houzz referrer', { referrer: 'houzz.com' }, 'Houzz'],
    ['other site referrer', { referrer: 'https://www.foo.ca/links' }, 'foo.ca'],
    // No UTM, no referrer: the vendor's rule description.
    ['rule: Direct', { rule: 'Global Replacement - Direct' }, 'Direct'],
    ['rule: Toll Free (the seed, spaced)', { rule: 'Global Replacement   - Toll Free' }, 'Toll free'],
    ['rule: a host', { rule: 'abc - google.com' }, 'Google search'],
    ['rule: Google Paid', { rule: 'Google Paid' }, 'Google Ads'],
    ['rule: Paid Search - google.com', { rule: 'Paid Search - google.com' }, 'Google Ads'],
    ['rule: Social - facebook.com', { rule: 'Social - facebook.com' }, 'Facebook'],
    ['rule: Directory - yelp.com', { rule: 'Directory - yelp.com' }, 'Yelp'],
    ['rule: Referral - other site', { rule: 'Referral - www.partner.org' }, 'partner.org'],
    ['rule: Google Maps', { rule: 'Local - Google Maps' }, 'Google Maps'],
    ['rule: Bing Paid', { rule: 'Bing Paid' }, 'Bing Ads'],
    ['utm_source not set, a rule', { source: '(not set)', medium: '(not set)', rule: 'Global Replacement - Direct' }, 'Direct'],
    ['rule: something else', { rule: 'Global Replacement - Radio' }, 'Radio'],
    ['rule: lower case', { rule: 'print ads' }, 'Print Ads'],
    ['a campaign with a rule', { rule: 'Global Replacement - Direct', campaign: 'fall-flyer' }, 'Direct · Fall Flyer'],
  ])('%s', (_name, attribution, expected) => {
    expect(adSourceOf(call(attribution))).toBe(expected);
    expect(adChannelOf(call(attribution))).toBe(expected.split(' · ')[0]);
  });

  it('falls back to the ad, the advertiser and the organisation group, tidied', () => {
    expect(adSourceOf(call({}, { adName: 'Google Ads - Furnace Repair', advertiserName: 'Acme' }))).toBe('Google Ads - Furnace Repair');
    expect(adSourceOf(call({}, { advertiserName: 'always  comfort' }))).toBe('Always Comfort');
    expect(adSourceOf(call({}, { orgGroupName: 'ABC Company' }))).toBe('ABC Company');
    expect(adSourceOf(call({}))).toBeNull();
  });

  it('reads the vendor’s sample payloads in words', () => {
    const seeds = loadSeeds();
    const sourceOf = (body: string) => {
      const parsed = parseEnvelope(body);
      if (!parsed.ok) throw new Error(parsed.reason);
      return foldCall(normaliseEnvelope(parsed.envelope).map((event, i) => ({ key: `s#${i}`, event }))).adSource;
    };
    expect(sourceOf(seeds.start.body)).toBe('Toll free');
    expect(sourceOf(seeds.processed.body)).toBe('Google search · Testcampaign');
    expect(sourceOf(seeds.preprocessed.body)).toBe('ABC Company');
  });

  it('names every source of the benchmark corpus in words', () => {
    const sources = WEB_SOURCES.map((w) =>
      adSourceOf(call({ source: w.source, medium: w.medium, referrer: w.referrer || null, campaign: w.campaigns[0] ?? null })),
    );
    expect(sources).toEqual([
      'Google Ads · Furnace Repair',
      'Google search',
      'Bing Ads · Heating Search',
      'Facebook · Spring Tuneup',
      'Yelp · Yelp Ads',
      'Email · Monthly Tips',
    ]);
    expect(RULES.map((rule) => adChannelOf(call({ rule })))).toEqual([
      'Toll free',
      'Google Ads',
      'Bing Ads',
      'Google search',
      'Facebook',
      'Yelp',
      'Direct',
      'Nextdoor',
    ]);
    expect(REFERRERS.map((referrer) => adChannelOf(call({ referrer })))).toEqual([
      'Google search',
      'DuckDuckGo',
      'Yelp',
      'Nextdoor',
      'BBB',
      'HomeStars',
      'Angi',
      'Apple Maps',
    ]);
  });
});

describe('tidyWords and referrerHost', () => {
  it.each([
    ['invisalign-toronto', 'Invisalign Toronto'],
    ['NP-Special-$99-Exam', 'NP Special $99 Exam'],
    ['spring_tuneup', 'Spring Tuneup'],
    ['financing_0pct', 'Financing 0pct'],
    ['BRAND_2024', 'BRAND 2024'],
    ['Spring+Sale', 'Spring Sale'],
    ['100%-off', '100% Off'],
    ['before - after', 'Before - After'],
  ])('%j → %j', (raw, tidied) => expect(tidyWords(raw)).toBe(tidied));

  it('keeps the bare host of a referrer', () => {
    expect(referrerHost('https://www.google.com/search?q=x')).toBe('google.com');
    expect(referrerHost('yelp.com')).toBe('yelp.com');
    expect(referrerHost('not a url')).toBe('not a url');
  });
});
