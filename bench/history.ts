// A seeded, realistic call history in the vendor's own shapes: for every call its Call Start, Call
// Preprocessed and Call Processed webhooks, as the sender writes them (pretty-printed, CRLF, the spelling
// variants of the samples). Calls come out in time order, spread over the last `years` before `endMs`.
// Planning is sequential and cheap (when, who, how it went); building a call's webhooks from its plan is
// the expensive part and depends on the plan alone, so workers can build calls in parallel and the same
// seed still gives the same history.

import type { JsonObject } from '../shared/marketingEdge/json';
import type { Envelope } from '../shared/marketingEdge/normalise';
import { ianaZoneFor } from '../shared/marketingEdge/time';
import {
  ADS,
  ADVERTISERS,
  AGENT_LINES,
  AGENT_NAMES,
  CALLER_LINES,
  CALLER_REPLIES,
  DAYS,
  FIRST_NAMES,
  LANDING_PAGES,
  LAST_NAMES,
  MARKETS,
  MATTERS,
  PLACEHOLDER_NAMES,
  REFERRERS,
  RULES,
  STREETS,
  SYMPTOMS,
  TIMES,
  TOPICS,
  USER_AGENTS,
  VOICEMAIL_LINES,
  WEB_SOURCES,
  type Market,
  type Place,
} from './corpus';
import { Random } from './random';

export interface HistoryOptions {
  calls: number;
  seed: number;
  /** The history ends here (UTC ms); the default is fixed so a seed always gives the same database. */
  endMs?: number;
  years?: number;
}

export const DEFAULT_END_MS = Date.UTC(2026, 0, 1);
/**
 * Bumped whenever a seed would generate a different history, so a stored history is not reused by mistake.
 * 3: notifications are no longer copied into events.raw (as live ingest stores them).
 */
export const GENERATOR_VERSION = 3;
const DAY_MS = 86_400_000;

/** One webhook delivery as the listener would receive it. */
export interface GeneratedDelivery {
  receivedAt: string;
  headers: Record<string, string>;
  body: string;
  /** What `parseEnvelope(body)` reads (built alongside the body, so the bulk path need not re-parse it). */
  envelope: Envelope;
}

export interface GeneratedCall {
  callerNumber: string;
  telmetricsId: string;
  deliveries: GeneratedDelivery[];
}

export interface TrackingNumber {
  number: string;
  market: Market;
  studyId: number;
  adDefinitionId: number;
  adName: string;
  advertiserId: number;
  advertiserName: string;
  orgGroupId: number;
  orgGroupName: string;
}

export interface Caller {
  number: string;
  place: Place;
  first: string;
  last: string;
  /** What the carrier's caller ID shows on Call Start. */
  cnam: string;
  /** Whether the vendor's enrichment finds the name (Preprocessed/Processed CallerName). */
  enriched: boolean;
  street: string | null;
  zip: string | null;
}

export type Outcome = 'answered' | 'missed' | 'voicemail';

/** Everything decided about a call before its webhooks are written. */
export interface CallPlan {
  ringMs: number;
  tracking: number;
  caller: Caller;
  outcome: Outcome;
  telmetricsId: number;
  /** The history's seed and the call's number in it: together they seed the call's own details (times,
   * attribution, transcript), so building a call needs nothing but its plan. */
  seed: number;
  index: number;
}

/** Wall-clock text in an IANA zone, the vendor's local format ("2019-11-15T09:09:54"). */
class LocalClock {
  private readonly formatters = new Map<string, Intl.DateTimeFormat>();
  // Offsets change only on whole hours (DST), so one lookup per zone and hour is exact.
  private readonly offsets = new Map<string, number>();

  offsetMs(zone: string, utcMs: number): number {
    const hour = Math.floor(utcMs / 3_600_000);
    const key = `${zone}|${hour}`;
    let offset = this.offsets.get(key);
    if (offset === undefined) {
      let f = this.formatters.get(zone);
      if (!f) {
        f = new Intl.DateTimeFormat('en-US', {
          timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
        });
        this.formatters.set(zone, f);
      }
      const at = hour * 3_600_000;
      const parts = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
      offset = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!) - at;
      if (this.offsets.size > 50_000) this.offsets.clear();
      this.offsets.set(key, offset);
    }
    return offset;
  }

  local(zone: string, utcMs: number): string {
    return new Date(utcMs + this.offsetMs(zone, utcMs)).toISOString().slice(0, 19);
  }
}

/** "2019-11-15T14:09:45.591": how the vendor writes UTC times (no zone designator). */
function vendorUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}

function fill(template: string, slots: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => slots[key] ?? key);
}

function spoken(number: string): string {
  return `${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6)}`;
}

/** The advertiser's tracking numbers: the same for a given seed. */
export function trackingNumbers(seed: number): TrackingNumber[] {
  const r = new Random(seed ^ 0x5bd1e995);
  const out: TrackingNumber[] = [];
  let study = 8_470_718;
  let ad = 4_250_816;
  for (const market of MARKETS) {
    for (const adName of r.shuffle(ADS).slice(0, 8)) {
      const tollFree = r.chance(0.3);
      const areaCode = tollFree ? r.pick(['800', '833', '844', '855', '866', '877', '888']) : r.pick(market.places[0]!.areaCodes);
      const advertiser = r.int(0, ADVERTISERS.length - 1);
      out.push({
        number: `${areaCode}${r.int(2, 9)}${r.digits(6)}`,
        market,
        studyId: study++,
        adDefinitionId: ad++,
        adName,
        advertiserId: 5_969_255 + advertiser,
        advertiserName: ADVERTISERS[advertiser]!,
        orgGroupId: 4062,
        orgGroupName: market.name === 'Toronto' ? 'Telmetrics Demo' : `Always Comfort ${market.name}`,
      });
    }
  }
  return out;
}

/** Decides, call after call in time order, when each call rings, who calls which number and how it goes. */
export class HistoryPlanner {
  readonly tracking: TrackingNumber[];
  private readonly rng: Random;
  private readonly callers: Caller[] = [];
  private readonly dayCounts: number[];
  private readonly firstDayMs: number;
  private day = 0;
  private pending: number[] = [];
  private telmetricsId = 2_079_571_437;
  private planned = 0;

  constructor(private readonly options: HistoryOptions) {
    this.rng = new Random(options.seed);
    this.tracking = trackingNumbers(options.seed);
    const endMs = options.endMs ?? DEFAULT_END_MS;
    const days = Math.max(1, Math.round((options.years ?? 2) * 365));
    this.firstDayMs = Math.floor(endMs / DAY_MS) * DAY_MS - days * DAY_MS;
    this.dayCounts = spreadOverDays(options.calls, days, this.firstDayMs);
  }

  get total(): number {
    return this.options.calls;
  }

  /** The next call of the history, or null when all have been planned. */
  next(): CallPlan | null {
    if (this.planned >= this.options.calls || !this.nextDayTimes()) return null;
    const index = this.planned++;
    const r = this.rng;
    const tracking = r.zipfIndex(this.tracking.length, 0.5);
    this.telmetricsId += r.int(1, 40);
    return {
      ringMs: this.pending.pop()!,
      tracking,
      caller: this.caller(this.tracking[tracking]!.market),
      outcome: r.chance(0.68) ? 'answered' : r.chance(0.62) ? 'missed' : 'voicemail',
      telmetricsId: this.telmetricsId,
      seed: this.options.seed,
      index,
    };
  }

  /** Ring times (UTC ms) of the next day with calls, kept in reverse order so `pop` gives the earliest. */
  private nextDayTimes(): boolean {
    while (this.day < this.dayCounts.length && this.pending.length === 0) {
      const count = this.dayCounts[this.day]!;
      const dayStart = this.firstDayMs + this.day * DAY_MS;
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        const r = this.rng;
        // 13:00–24:00 UTC is 8 am–7 pm Eastern and 6 am–4 pm Pacific; the rest is spread over the whole day.
        const offset = r.chance(0.88) ? 13 * 3_600_000 + r.float() * 11 * 3_600_000 : r.float() * DAY_MS;
        times.push(dayStart + Math.floor(offset));
      }
      this.pending = times.sort((a, b) => b - a);
      this.day++;
    }
    return this.pending.length > 0;
  }

  /** A fifth of calls come from someone who called before, most often recently. */
  private caller(market: Market): Caller {
    const r = this.rng;
    if (this.callers.length > 100 && r.chance(0.22)) {
      const back = Math.min(this.callers.length - 1, Math.floor(Math.pow(r.float(), 3) * this.callers.length));
      return this.callers[this.callers.length - 1 - back]!;
    }
    const caller = newCaller(r, market);
    if (this.callers.length >= 300_000) this.callers.splice(0, 100_000);
    this.callers.push(caller);
    return caller;
  }
}

/** Calls per day: weekdays busier than weekends, heating and cooling seasons busier, and slow growth. */
function spreadOverDays(calls: number, days: number, firstDayMs: number): number[] {
  const weights: number[] = [];
  for (let d = 0; d < days; d++) {
    const date = new Date(firstDayMs + d * DAY_MS);
    const weekday = date.getUTCDay();
    const week = weekday === 0 ? 0.3 : weekday === 6 ? 0.55 : 1;
    const dayOfYear = (date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS;
    const season = 1 + 0.3 * Math.cos((4 * Math.PI * (dayOfYear - 20)) / 365);
    weights.push(week * season * (0.75 + (0.5 * d) / days));
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const counts: number[] = [];
  let cumulative = 0;
  let given = 0;
  for (const w of weights) {
    cumulative += w;
    const upTo = Math.round((calls * cumulative) / total);
    counts.push(upTo - given);
    given = upTo;
  }
  return counts;
}

function newCaller(r: Random, market: Market): Caller {
  const place = r.chance(0.85) ? r.zipf(market.places, 0.7) : r.pick(r.pick(MARKETS).places);
  const first = r.zipf(FIRST_NAMES, 0.7);
  const last = r.zipf(LAST_NAMES, 0.6);
  const placeholder = r.chance(0.4);
  const cnam = placeholder
    ? r.chance(0.5)
      ? `${place.city.toUpperCase()} CALLER`
      : r.pick(PLACEHOLDER_NAMES)
    : `${last.toUpperCase()} ${first.toUpperCase()}`;
  const street = r.chance(0.45) ? `${r.int(1, 9999)} ${r.pick(STREETS)}` : null;
  const canadian = place.state === 'ON' || place.state === 'BC';
  const letter = (from: string) => from[r.int(0, from.length - 1)]!;
  const postal = () =>
    `${place.state === 'ON' ? letter('KLMNP') : 'V'}${r.int(1, 9)}${letter('ABCEGHJ')} ${r.int(1, 9)}${letter('JKLMNPR')}${r.int(1, 9)}`;
  const zip = street ? (canadian ? postal() : r.digits(5)) : null;
  return {
    number: `${r.pick(place.areaCodes)}${r.int(2, 9)}${r.digits(6)}`,
    place,
    first,
    last,
    cnam,
    enriched: !placeholder || r.chance(0.5),
    street,
    zip,
  };
}

const clock = new LocalClock();

/** `unique` (the call's TelmetricsId and the webhook's stage) makes the envelope id unique in the history. */
function envelopeOf(r: Random, unique: string, notification: JsonObject, sentMs: number): GeneratedDelivery {
  const id = `${unique}${r.hex(32 - unique.length)}`;
  const sentAt = vendorUtc(sentMs);
  const body = {
    Id: id,
    Attempt: 1,
    Properties: {
      CollectionType: 'CallDetails',
      UTC: sentAt,
      Organization: '4062',
      RequestId: `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-a${r.hex(3)}-${r.hex(12)}`,
    },
    Notifications: [notification],
  };
  const text = JSON.stringify(body, null, 2).replace(/\n/g, '\r\n');
  return {
    receivedAt: new Date(sentMs + r.int(40, 900)).toISOString(),
    headers: {
      host: 'calls.example-tunnel.app',
      connection: 'Keep-Alive',
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      expect: '100-continue',
      'x-publickey': '4662F088F821DF150AD475B678CB723E',
      'x-source-system': 'Telmetrics Inc.',
      'x-forwarded-for': '74.112.125.5',
      'x-forwarded-proto': 'https',
    },
    body: text,
    envelope: {
      id,
      attempt: 1,
      collectionType: 'CallDetails',
      organization: '4062',
      sentAt: new Date(sentMs).toISOString(),
      notifications: [notification],
    },
  };
}

/** What was said, roughly as long as the call: a couple of exchanges for a short call, a dozen for a long one. */
function transcriptOf(r: Random, outcome: Outcome, caller: Caller, topic: string, talkSeconds: number): string {
  const slots = {
    topic,
    matter: r.zipf(MATTERS, 0.6),
    symptom: r.pick(SYMPTOMS),
    city: caller.place.city,
    day: r.pick(DAYS),
    time: r.pick(TIMES),
    street: r.pick(STREETS),
    house: String(r.int(1, 9999)),
    first: caller.first,
    last: caller.last,
    number: spoken(caller.number),
    agent: r.pick(AGENT_NAMES),
  };
  if (outcome === 'voicemail') return `Caller: ${fill(r.pick(VOICEMAIL_LINES), slots)}`;
  const turns = [`Agent: ${fill(AGENT_LINES[0]!, slots)}`, `Caller: ${fill(r.zipf(CALLER_LINES, 0.5), slots)}`];
  const exchanges = Math.max(1, Math.min(12, Math.round(talkSeconds / 20 + r.float() * 2 - 1)));
  for (let i = 0; i < exchanges; i++) {
    slots.topic = r.chance(0.8) ? topic : r.zipf(TOPICS, 0.7);
    slots.matter = r.zipf(MATTERS, 0.6);
    slots.day = r.pick(DAYS);
    slots.time = r.pick(TIMES);
    turns.push(`Agent: ${fill(r.pick(AGENT_LINES.slice(1)), slots)}`, `Caller: ${fill(r.pick(CALLER_REPLIES), slots)}`);
  }
  return turns.join(' ');
}

/** The webhooks of one planned call: Call Start, Call Preprocessed and (nearly always) Call Processed. */
export function buildCall(plan: CallPlan, tracking: readonly TrackingNumber[]): GeneratedCall {
  const r = new Random(plan.seed, plan.index);
  const { ringMs, caller, outcome, telmetricsId } = plan;
  const unique = (stage: number) => `${telmetricsId.toString(16).padStart(12, '0')}${stage}`;
  const line = tracking[plan.tracking]!;
  const zone = line.market.zone;
  const iana = ianaZoneFor(zone)!;
  const topic = r.zipf(TOPICS, 0.7);

  const startMs = Math.floor(ringMs / 1000) * 1000 + r.int(1, 4) * 1000;
  const ringSeconds = r.int(2, 25);
  const answerMs = outcome === 'missed' ? null : startMs + ringSeconds * 1000;
  const talkSeconds =
    outcome === 'answered' ? Math.min(3600, Math.round(20 + Math.exp(r.float() * 6.2))) : outcome === 'voicemail' ? r.int(12, 75) : 0;
  const endMs = (answerMs ?? startMs + ringSeconds * 1000) + talkSeconds * 1000;
  const local = (ms: number) => clock.local(iana, ms);

  // Web attribution: a tracked session with UTM tags, a bare referrer, or none at all (calls from print or radio).
  const kind = r.float();
  const web = kind < 0.5 ? r.zipf(WEB_SOURCES, 0.9) : null;
  const referrerOnly = !web && kind < 0.65 ? r.pick(REFERRERS) : null;
  const sessionId = `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`;
  const rule = web ? r.pick(RULES.slice(1, 6)) : referrerOnly ? 'Referral - other' : r.chance(0.6) ? RULES[0]! : r.pick(RULES);
  const spacedRule = rule === RULES[0] ? 'Global Replacement   - Toll Free' : rule;
  const attribution: JsonObject | null =
    web || referrerOnly
      ? {
          SessionId: sessionId,
          RuleDescription: spacedRule,
          [r.chance(0.5) ? 'LandingPageUrl' : 'LandingPagURL:']: r.pick(LANDING_PAGES),
          [r.chance(0.5) ? 'ReferrerUrl' : 'ReferrerURL']: web ? web.referrer : referrerOnly!,
          ...(web
            ? {
                utm_source: web.source,
                utm_medium: web.medium,
                utm_campaign: web.campaigns.length ? r.pick(web.campaigns) : null,
                utm_term: web.terms.length ? r.pick(web.terms) : null,
                utm_content: r.chance(0.3) ? r.pick(['banner1', 'text_ad', 'call_extension', 'sitelink']) : null,
              }
            : {}),
          ip_address: `${r.int(24, 199)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
          user_agent: r.pick(USER_AGENTS),
          session_tag: null,
        }
      : null;

  const adIdKey = r.chance(0.5) ? 'AdDefinitionID' : 'AdDefinitionId';
  const address = caller.street ? `${caller.street}, ${caller.place.city}, ${caller.place.state}, ${caller.zip}` : null;
  const start: JsonObject = {
    Action: 'CallDetails.CallStartCall',
    CallDate: vendorUtc(ringMs),
    CalledNumber: line.number,
    CallerNumber: caller.number,
    OrgGroupName: line.orgGroupName,
    OrgGroupID: line.orgGroupId,
    OrganizationID: 4062,
    RouteKey: null,
    CallerDetails: {
      PhoneNumber: caller.number,
      Name: caller.cnam,
      Address: address,
      City: r.chance(0.8) ? caller.place.city.toUpperCase() : null,
      Zip: caller.zip,
      State: caller.place.state,
      ShortZip: caller.zip ? caller.zip.slice(0, 3) : null,
      RichData: null,
    },
    StudyDetails: { StudyID: line.studyId, CustomID: null, CustomText: null, CustomText2: null, CustomText3: null },
    AdDetails: { [adIdKey]: line.adDefinitionId, CustomID: null, CustomText: null, CustomText2: null, CustomText3: null, CustomText4: null },
    AdvertiserDetails: { AdvertiserID: line.advertiserId, ClientCode: null, CustomText: '', CustomText2: '' },
    AttributionDetails: attribution ?? {
      SessionId: null, RuleDescription: spacedRule, LandingPageUrl: null, ReferrerUrl: '', ip_address: null, user_agent: null, session_tag: null,
    },
  };

  const name = caller.enriched ? `${caller.first} ${caller.last}` : '';
  const ended = (action: 'CallDetails.CallPreprocessed' | 'CallDetails.CallProcessed'): JsonObject => {
    const processed = action === 'CallDetails.CallProcessed';
    const recorded = processed && outcome !== 'missed';
    return {
      Action: action,
      OrganizationId: 4062,
      Incomplete: !processed,
      TelmetricsId: r.chance(0.1) ? String(telmetricsId) : telmetricsId,
      TelmetricsStudyID: line.studyId,
      CalledNumber: line.number,
      TerminationNumber: '9052198236',
      StartTime: local(startMs),
      AnswerTime: answerMs === null ? null : local(answerMs),
      EndTime: local(endMs),
      MonitorStartTime: vendorUtc(startMs - 400),
      MonitorEndTime: vendorUtc(endMs - 20),
      AnswerStatus: processed ? (outcome === 'missed' ? 'Unanswered' : 'Answered') : outcome === 'missed' ? 0 : 1,
      SmsResponse: null,
      RingCount: Math.max(1, Math.round(ringSeconds / 6)),
      CallSeconds: talkSeconds,
      CallerNumber: caller.number,
      TimeZone: r.chance(0.95) ? zone : `${zone.replace(/ Standard Time$/, '')} Standard Time`,
      RegisteredDNC: null,
      CallerName: name,
      CallerStreet: caller.street ?? '',
      CallerCity: caller.place.city,
      CallerState: caller.place.state,
      CallerZip: caller.zip ?? '',
      CallerAddress: address ?? `${caller.place.city.toUpperCase()} ${caller.place.state}`,
      CallerType: null,
      VoiceRecordID: null,
      VoiceRecordingUrl: recorded ? `https://win5CalltelligenceAPI.telmetrics.com/filedownload.ashx/${sessionId}/${telmetricsId}.mp3` : null,
      VoiceMailDetected: processed ? outcome === 'voicemail' : null,
      VoiceTrends: processed ? { Lead: outcome === 'answered' ? r.chance(0.6) : null, VoiceMail: outcome === 'voicemail' } : null,
      RouteKey: null,
      SegmentName: null,
      CallTranscript: recorded ? transcriptOf(r, outcome, caller, topic, talkSeconds) : null,
      OrgGroupID: line.orgGroupId,
      OrgGroupName: line.orgGroupName,
      CallTags: { TagIDs: [] },
      ...(processed && outcome === 'answered' && r.chance(0.3)
        ? { keyword_lists: [{ keyword_list: [{ id: 234, name: 'Services', keywords: [{ keyword: topic, agent: '00:00:05|00:00:41', caller: '00:00:02|00:00:09' }] }] }] }
        : {}),
      StudyDetails: { StudyID: line.studyId, CustomID: '', CustomText: '', CustomText2: '', CustomText3: '' },
      AdDetails: { [adIdKey]: line.adDefinitionId, CustomID: '', CustomText: '', CustomText2: '', CustomText3: '', CustomText4: '', AdDefinitionName: line.adName },
      AdvertiserDetails: { AdvertiserID: line.advertiserId, ClientCode: '', CustomText: '', CustomText2: '', AdvertiserName: line.advertiserName },
      AttributionDetails: processed ? attribution : null,
    };
  };

  const deliveries = [
    envelopeOf(r, unique(1), start, ringMs + r.int(300, 2500)),
    envelopeOf(r, unique(2), ended('CallDetails.CallPreprocessed'), endMs + r.int(2000, 15000)),
  ];
  // A few calls never get their Processed webhook (the vendor's post-call processing did not finish).
  if (r.chance(0.97)) deliveries.push(envelopeOf(r, unique(3), ended('CallDetails.CallProcessed'), endMs + r.int(60_000, 600_000)));
  return { callerNumber: caller.number, telmetricsId: String(telmetricsId), deliveries };
}

/** Plans and builds in one go: the whole history, call by call, in this thread. */
export function* generateHistory(options: HistoryOptions): Generator<GeneratedCall> {
  const planner = new HistoryPlanner(options);
  for (let plan = planner.next(); plan; plan = planner.next()) yield buildCall(plan, planner.tracking);
}
