// A planned call's webhooks in the vendor's own shapes: Call Start, Call Preprocessed and Call Processed, as
// the sender writes them (pretty-printed, CRLF, the spelling variants of the samples). Each call seeds its
// own details from its plan, so workers can build calls in parallel and a seed still gives one history.

import type { JsonObject } from '../shared/marketingEdge/json';
import type { Envelope } from '../shared/marketingEdge/normalise';
import { ianaZoneFor } from '../shared/marketingEdge/time';
import { wallClockText } from '../shared/timeZone';
import type { CallPlan, TrackingNumber } from './callPlan';
import { LANDING_PAGES, REFERRERS, RULES, TOPICS, USER_AGENTS, WEB_SOURCES } from './corpus';
import { Random } from './random';
import { transcriptOf } from './transcript';

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

/** "2019-11-15T14:09:45.591": how the vendor writes UTC times (no zone designator). */
function vendorUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}

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
  const local = (ms: number) => wallClockText(ms, iana);

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
      SessionId: null,
      RuleDescription: spacedRule,
      LandingPageUrl: null,
      ReferrerUrl: '',
      ip_address: null,
      user_agent: null,
      session_tag: null,
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
        ? {
            keyword_lists: [
              {
                keyword_list: [
                  { id: 234, name: 'Services', keywords: [{ keyword: topic, agent: '00:00:05|00:00:41', caller: '00:00:02|00:00:09' }] },
                ],
              },
            ],
          }
        : {}),
      StudyDetails: { StudyID: line.studyId, CustomID: '', CustomText: '', CustomText2: '', CustomText3: '' },
      AdDetails: {
        [adIdKey]: line.adDefinitionId,
        CustomID: '',
        CustomText: '',
        CustomText2: '',
        CustomText3: '',
        CustomText4: '',
        AdDefinitionName: line.adName,
      },
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
