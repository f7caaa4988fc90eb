// The requests of the core's API as zod schemas: one set of rules for every transport (HTTP and IPC).
// A text that is empty once trimmed counts as absent; keys a schema does not name are refused.

import { z } from 'zod';
import { phoneDigits } from '../phone';
import { normalisePublicBase } from '../tunnel/publicUrl';
import { isTimeZone } from '../timeZone';

export const CALL_OUTCOME_FILTERS = ['answered', 'missed', 'voicemail', 'ringing'] as const;
export const SIGNATURE_MODES = ['off', 'report', 'enforce'] as const;
/** How the webhook listener is reached from the internet. Labels and caveats: shared/tunnel/providers.ts. */
export const TUNNEL_PROVIDER_KINDS = ['ngrok', 'cloudflared', 'localtunnel', 'manual', 'none'] as const;
/** Which vendor API catch-up asks for missed calls (Marketing Edge v5, Telmetrics v3), or none. */
export const CATCH_UP_PROVIDERS = ['marketing-edge', 'telmetrics', 'off'] as const;
/** The most days one catch-up run may import. */
export const CATCH_UP_MAX_DAYS = 90;
/** A subdomain a localtunnel relay accepts. */
export const LOCALTUNNEL_SUBDOMAIN = /^(?:[a-z0-9][a-z0-9-]{4,63}[a-z0-9]|[a-z0-9]{4,63})$/;
/** "HH:MM" on a 24-hour clock. */
export const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Trimmed text of at most `max` characters; empty means absent. */
const text = (max: number) =>
  z
    .string({ error: 'must be text' })
    .trim()
    .max(max, { error: `must be at most ${max} characters` })
    .transform((v) => (v === '' ? undefined : v))
    .optional();

const isoDate = z
  .string({ error: 'must be an ISO 8601 date or date-time' })
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), { error: 'must be an ISO 8601 date or date-time' })
  .optional();

const wholeNumber = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const flag = z.boolean({ error: 'must be true or false' });

/** Which calls a list or an export covers. */
export const callFilters = z.strictObject({
  /** Free text: names, cities, ad sources, transcript words, and any fragment of a phone number. */
  q: text(500),
  /** ISO 8601 bounds on the call's start, inclusive from, exclusive to. */
  from: isoDate,
  to: isoDate,
  status: z.enum(CALL_OUTCOME_FILTERS, { error: `must be one of ${CALL_OUTCOME_FILTERS.join(', ')}` }).optional(),
  /** One ad source exactly ("Google Ads · Invisalign Toronto"). */
  adSource: text(500),
  /** Every ad source of one channel ("Google Ads"). */
  adChannel: text(200),
  hasRecording: flag.optional(),
  hasTranscript: flag.optional(),
});

/** One keyset page of calls, newest first. */
export const listCallsQuery = callFilters.extend({
  limit: wholeNumber(1, 200).optional(),
  cursor: text(200),
});

/**
 * The CSV export: every call matching the filters (a list's paging is ignored), its times written in `tz`
 * (the core's zone when absent).
 */
export const exportCsvQuery = listCallsQuery.extend({
  tz: z
    .string({ error: 'must be an IANA time zone such as America/Toronto' })
    .trim()
    .refine(isTimeZone, { error: 'must be an IANA time zone such as America/Toronto' })
    .optional(),
});

export const callId = wholeNumber(1, Number.MAX_SAFE_INTEGER);

/**
 * A phone number as typed or as stored ("(905) 580-2958", "+1 905 580 2958", "9055802958"): read as the
 * digits the calls store it as (a North American number loses its leading 1).
 */
export const phoneNumber = z
  .string({ error: 'must be a phone number' })
  .trim()
  .refine((v) => /^[\d\s()+.-]+$/.test(v), { error: 'must be a phone number: digits, spaces, ( ) + . - only' })
  // Read as the webhooks' numbers are (shared/phone.ts), so a contact's number is its calls' caller_number.
  .transform((v) => phoneDigits(v) ?? '')
  .refine((digits) => digits.length >= 3 && digits.length <= 15, { error: 'must be a phone number of 3 to 15 digits' });

/** Tabs, line breaks and other control characters: a name or label is one line of plain text. */
const hasControlCharacters = (v: string) => [...v].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);

const requiredText = (what: string, max: number) =>
  z
    .string({ error: `must be ${what}` })
    .trim()
    .min(1, { error: `must be ${what}, not empty` })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((v) => !hasControlCharacters(v), { error: 'must be one line of text, without control characters' });

/** PUT /api/contacts/:number. A note of "" or null removes it; it is one line of the pop, as the name is its title. */
export const saveContactRequest = z.strictObject({
  number: phoneNumber,
  name: requiredText('a name', 80),
  note: z
    .string({ error: 'must be text or null' })
    .trim()
    .max(500, { error: 'must be at most 500 characters' })
    .refine((v) => !hasControlCharacters(v), { error: 'must be one line of text, without control characters' })
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional()
    .transform((v) => v ?? null),
});

/** PUT /api/lines/:number. A label of "" or null goes back to the ad's name. */
export const saveLineRequest = z.strictObject({
  number: phoneNumber,
  label: z
    .string({ error: 'must be text or null' })
    .trim()
    .max(60, { error: 'must be at most 60 characters' })
    .refine((v) => !hasControlCharacters(v), { error: 'must be one line of text, without control characters' })
    .transform((v) => (v === '' ? null : v))
    .nullable(),
});
export const DELIVERY_KINDS = ['accepted', 'duplicate', 'rejected', 'refused', 'failed'] as const;
const deliveryKind = z.enum(DELIVERY_KINDS, { error: `must be one of ${DELIVERY_KINDS.join(', ')}` }).optional();

/** A stored delivery's (or catch-up answer's) id. */
export const deliveryId = wholeNumber(1, Number.MAX_SAFE_INTEGER);

/**
 * GET /api/deliveries: newest first, `limit` a page (50 when absent), `before` the previous page's
 * `nextCursor`. `q` finds deliveries by the caller's name or number (of the calls they touched), the
 * envelope id, or the delivery's own id ("#123" or "123").
 */
export const listDeliveriesQuery = z
  .strictObject({
    limit: wholeNumber(1, 500).optional(),
    before: deliveryId.optional(),
    kind: deliveryKind,
    q: text(200),
  })
  .optional();

/** GET /api/catch-up/answers: newest first, paged as the deliveries are. */
export const listApiAnswersQuery = z
  .strictObject({
    limit: wholeNumber(1, 200).optional(),
    before: deliveryId.optional(),
    outcome: z.enum(['accepted', 'rejected', 'failed'], { error: 'must be one of accepted, rejected, failed' }).optional(),
  })
  .optional();
/** A link the person clicked (a recording): opened in their browser. */
export const externalUrl = z.string({ error: 'must be a web address' }).max(4096, { error: 'must be at most 4096 characters' });

const clockTime = z.string({ error: 'must be a time like 07:30' }).regex(CLOCK_TIME, { error: 'must be a time like 07:30' });

export const alertPreferences = z.strictObject({
  onStart: flag,
  onMissed: flag,
  onVoicemail: flag,
  quietHours: z.strictObject({ enabled: flag, start: clockTime, end: clockTime }),
});

/** Only the parts present change. `secret` absent keeps the secret, null clears it. */
export const updateSettingsRequest = z.strictObject({
  signature: z
    .strictObject({
      mode: z.enum(SIGNATURE_MODES, { error: `must be one of ${SIGNATURE_MODES.join(', ')}` }),
      secret: z.string({ error: 'must be text' }).trim().min(1, { error: 'must not be empty' }).max(512).nullable().optional(),
    })
    .optional(),
  alerts: alertPreferences.optional(),
  deskName: z
    .string({ error: 'must be text' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(60, { error: 'must be at most 60 characters' })
    .refine((v) => !hasControlCharacters(v), { error: 'must be one line of text, without control characters' })
    .optional(),
});

/** Who did it: this desk's name when absent. */
const by = z
  .string({ error: 'must be text' })
  .trim()
  .max(60, { error: 'must be at most 60 characters' })
  .refine((v) => !hasControlCharacters(v), { error: 'must be one line of text, without control characters' })
  .transform((v) => (v === '' ? undefined : v))
  .optional();

export const FOLLOW_UP_STATES = ['open', 'done'] as const;

/** GET /api/follow-ups?state=open|done (open when absent). */
export const listFollowUpsQuery = z.strictObject({ state: z.enum(FOLLOW_UP_STATES, { error: 'must be open or done' }).optional() }).optional();

/** POST /api/calls/:id/follow-up: acts on that caller's entry. */
export const setFollowUpRequest = z.strictObject({
  id: callId,
  state: z.enum(FOLLOW_UP_STATES, { error: 'must be open or done' }),
  by,
  note: z.string({ error: 'must be text' }).max(2000, { error: 'must be at most 2000 characters' }).optional(),
});

/** POST /api/calls/:id/notes: the text is kept exactly as typed (only checked for being there). */
export const addCallNoteRequest = z.strictObject({
  id: callId,
  text: z
    .string({ error: 'must be text' })
    .max(2000, { error: 'must be at most 2000 characters' })
    .refine((v) => v.trim() !== '', { error: 'must not be empty' }),
  by,
});

/** A tunnel option: a value sets it, null or empty text clears it, absent keeps it. */
const tunnelOption = (check: z.ZodType<string, string>) =>
  z
    .union([check, z.null()])
    .optional()
    .transform((v) => (v === '' ? null : v));

const httpUrl = z
  .string()
  .trim()
  .refine((v) => v === '' || normalisePublicBase(v) !== null, { error: 'must be an http(s) address' });

/** Fields present change; a token set to null is removed. */
export const updateTunnelSettingsRequest = z.strictObject({
  provider: z.enum(TUNNEL_PROVIDER_KINDS, { error: `must be one of ${TUNNEL_PROVIDER_KINDS.join(', ')}` }).optional(),
  /** ngrok: the account's free dev domain (`name.ngrok-free.dev`) or a reserved one; null: ngrok picks. */
  ngrokDomain: tunnelOption(
    z
      .string()
      .trim()
      .toLowerCase()
      .transform((v) => v.replace(/^https?:\/\//, '').replace(/\/+$/, ''))
      .refine((v) => v === '' || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(v), { error: 'must be a domain like name.ngrok-free.dev' }),
  ),
  /** cloudflared: the program to run; null: CLOUDFLARED_PATH, then PATH, then the usual install folders. */
  cloudflaredPath: tunnelOption(z.string().trim()),
  /** localtunnel: the relay (null: the public https://localtunnel.me) and the subdomain asked for. */
  localtunnelHost: tunnelOption(httpUrl),
  localtunnelSubdomain: tunnelOption(
    z
      .string()
      .trim()
      .toLowerCase()
      .refine((v) => v === '' || LOCALTUNNEL_SUBDOMAIN.test(v), { error: 'must be 4 to 63 lowercase letters, digits or "-"' }),
  ),
  /** manual: the person's own public address of the webhook listener (port forward, reverse proxy, Funnel). */
  manualUrl: tunnelOption(httpUrl),
  ngrokAuthtoken: tunnelOption(z.string().trim().max(512)),
  cloudflaredToken: tunnelOption(z.string().trim().max(4096)),
});

/** Must be the current public webhook URL (a stale confirmation is refused with 409). */
export const confirmedUrl = z.string({ error: 'must be the public webhook URL' }).max(4096);
export const testCallsHidden = flag;

/** Absent: the normal run from the cursor; `days`: import the last N days. */
export const runCatchUpRequest = z.strictObject({ days: wholeNumber(1, CATCH_UP_MAX_DAYS).optional() }).optional();

/** The vendor API's base: http(s), no user, query or fragment (credentials travel only as headers), no trailing slash. */
const vendorBaseUrl = z
  .string({ error: 'must be an http(s) address' })
  .trim()
  .max(2048, { error: 'must be at most 2048 characters' })
  .refine(
    (v) => {
      if (v === '') return true;
      try {
        const url = new URL(v);
        return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.search && !url.hash;
      } catch {
        return false;
      }
    },
    { error: 'must be an http(s) address without a query (credentials go in the token and key)' },
  )
  .transform((v) => v.replace(/\/+$/, ''));

/** A credential: text sets it, null clears it, absent keeps it. */
const vendorCredential = z
  .string({ error: 'must be text or null' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(4096, { error: 'must be at most 4096 characters' })
  .nullable()
  .optional();

/** The provider, and the base URL (null or empty: the vendor's own), token and key: a value sets, null clears, absent keeps. */
export const saveCatchUpSettingsRequest = z.strictObject({
  provider: z.enum(CATCH_UP_PROVIDERS, { error: `must be one of ${CATCH_UP_PROVIDERS.join(', ')}` }),
  baseUrl: vendorBaseUrl
    .nullable()
    .optional()
    .transform((v) => (v === '' ? null : v)),
  token: vendorCredential,
  key: vendorCredential,
});

/** What a window sends (before trimming and defaults) and what the core then receives. */
export type ListCallsQuery = z.input<typeof listCallsQuery>;
export type ListDeliveriesQuery = z.input<typeof listDeliveriesQuery>;
export type ListApiAnswersQuery = z.input<typeof listApiAnswersQuery>;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];
export type CallFilters = z.output<typeof callFilters>;
export type ExportCsvQuery = z.input<typeof exportCsvQuery>;
export type UpdateSettingsRequest = z.input<typeof updateSettingsRequest>;
export type UpdateTunnelSettingsRequest = z.input<typeof updateTunnelSettingsRequest>;
export type CallOutcomeFilter = (typeof CALL_OUTCOME_FILTERS)[number];
export type SignatureModeSetting = (typeof SIGNATURE_MODES)[number];
export type TunnelProviderKind = (typeof TUNNEL_PROVIDER_KINDS)[number];
export type CatchUpProvider = (typeof CATCH_UP_PROVIDERS)[number];
export type RunCatchUpRequest = z.input<typeof runCatchUpRequest>;
export type SaveCatchUpSettingsRequest = z.input<typeof saveCatchUpSettingsRequest>;
export type AlertPreferences = z.output<typeof alertPreferences>;
