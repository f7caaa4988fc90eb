// Which name a call is shown under, and how names and places are written. Carriers send placeholders where a
// name belongs (WIRELESS CALLER, ONTARIO CALLER, ROGERS WIRELESS, HAMILTON ON) and shout in capitals; a
// placeholder is never a name, and a name in one case is written the way a person would write it.

import type { NameSource } from '../domain';
import { formatPhone } from '../phone';
import { regionCode } from './regions';

export interface CallerPlace {
  city: string | null;
  state: string | null;
}

/** Texts carriers send instead of a name, compared in capitals without dots. */
const GENERIC_TEXTS = new Set([
  'UNKNOWN',
  'UNKNOWN CALLER',
  'UNKNOWN NAME',
  'UNKNOWN NUMBER',
  'UNAVAILABLE',
  'NAME UNAVAILABLE',
  'UNAVAILABLE NAME',
  'NOT AVAILABLE',
  'NAME NOT AVAILABLE',
  'INFO UNAVAILABLE',
  'INFORMATION UNAVAILABLE',
  'PRIVATE',
  'PRIVATE CALLER',
  'PRIVATE NUMBER',
  'PRIVATE NAME',
  'ANONYMOUS',
  'RESTRICTED',
  'BLOCKED',
  'NO CALLER ID',
  'CALLER ID',
  'NO NAME',
  'NONE',
  'NULL',
  'N/A',
  'OUT OF AREA',
  'OUT-OF-AREA',
  'CELL PHONE',
  'CELLULAR',
  'CELL',
  'WIRELESS',
  'MOBILE',
  'TOLL FREE',
  'TOLL-FREE',
  'TOLLFREE',
  'TOLL FREE CALL',
  'PAY PHONE',
  'PAYPHONE',
  'UNLISTED',
  'NON-PUBLISHED',
  'NON PUBLISHED',
  'NONPUBLISHED',
  'INTERNATIONAL',
  'SPAM RISK',
  'SPAM LIKELY',
  'SCAM LIKELY',
  'POTENTIAL SPAM',
  'CALLER',
  'CALL',
]);

/** "<WORD> CALLER": what kind of line called, not who. */
const GENERIC_CALLER_KINDS = new Set([
  'WIRELESS',
  'CELL',
  'CELLULAR',
  'MOBILE',
  'TOLL FREE',
  'TOLL-FREE',
  'PRIVATE',
  'UNKNOWN',
  'ANONYMOUS',
  'RESTRICTED',
  'BLOCKED',
  'VOIP',
  'INTERNATIONAL',
  'OUT OF AREA',
  'PAYPHONE',
  'LANDLINE',
]);

/** Carriers' own names, sent as the caller ID of their subscribers. */
const CARRIERS = new Set([
  'ROGERS WIRELESS',
  'ROGERS COMMUNICATIONS',
  'BELL MOBILITY',
  'BELL CANADA',
  'BELL MTS',
  'TELUS',
  'TELUS MOBILITY',
  'FIDO',
  'FIDO SOLUTIONS',
  'KOODO',
  'KOODO MOBILE',
  'VIRGIN MOBILE',
  'VIRGIN PLUS',
  'FREEDOM MOBILE',
  'WIND MOBILE',
  'VIDEOTRON',
  'SASKTEL',
  'MTS MOBILITY',
  'EASTLINK',
  'CHATR',
  'PUBLIC MOBILE',
  'LUCKY MOBILE',
  'TBAYTEL',
  'SHAW MOBILE',
  'VERIZON',
  'VERIZON WIRELESS',
  'T-MOBILE',
  'T MOBILE',
  'TMOBILE',
  'AT&T',
  'AT&T WIRELESS',
  'AT&T MOBILITY',
  'ATT WIRELESS',
  'SPRINT',
  'SPRINT PCS',
  'CRICKET',
  'CRICKET WIRELESS',
  'METROPCS',
  'METRO PCS',
  'US CELLULAR',
  'BOOST MOBILE',
  'GOOGLE VOICE',
  'TRACFONE',
  'STRAIGHT TALK',
  'CONSUMER CELLULAR',
  'MINT MOBILE',
  'XFINITY MOBILE',
  'SPECTRUM MOBILE',
  'VONAGE',
  'MAGICJACK',
  'TEXTNOW',
  'CENTURYLINK',
  'WINDSTREAM',
  'NEXTEL',
  'ALLTEL',
]);

/** Carrier names that are also surnames: a placeholder only with a carrier word after ("ROGERS WIRELESS", not "ROGERS"). */
const CARRIER_BASES = new Set(['ROGERS', 'BELL', 'TELUS', 'FIDO', 'KOODO', 'VIRGIN', 'FREEDOM', 'VERIZON', 'SPRINT', 'CRICKET', 'METRO', 'BOOST']);
const CARRIER_WORDS = new Set(['WIRELESS', 'MOBILE', 'MOBILITY', 'CELLULAR', 'PCS', 'CALLER', 'CUSTOMER', 'SUBSCRIBER', 'CALL']);

/** Regions that are also names ("SMITH AL", "DENZEL WASHINGTON", "SMITH VIRGINIA"): a place only with the call's own city. */
const AMBIGUOUS_REGIONS = new Set(['AL', 'IN', 'MA', 'MO', 'GEORGIA', 'INDIANA', 'MONTANA', 'VIRGINIA', 'WASHINGTON']);

const PLACE_WORD = /^[\p{L}'-]+$/u;

/** Capitals, one space, no dots, commas as spaces: "Toronto, O.N." and "TORONTO ON" compare equal. */
function placeholderKey(text: string): string {
  return text.toUpperCase().replace(/[’‘`]/g, "'").replace(/\./g, '').replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
}

function isCarrier(key: string): boolean {
  if (CARRIERS.has(key)) return true;
  const words = key.split(' ');
  return words.length >= 2 && CARRIER_WORDS.has(words.at(-1)!) && CARRIER_BASES.has(words.slice(0, -1).join(' '));
}

/** "HAMILTON ON", "ST CATHARINES ONTARIO", "LANSING MI": a city and a province or state. */
function isCityAndRegion(words: string[], place: CallerPlace | undefined): boolean {
  const callCity = place?.city ? placeholderKey(place.city) : null;
  for (let n = Math.min(4, words.length - 1); n >= 1; n--) {
    const tail = words.slice(-n).join(' ');
    if (!regionCode(tail)) continue;
    const city = words.slice(0, -n);
    if (city.length > 4 || !city.every((w) => PLACE_WORD.test(w))) continue;
    if (!AMBIGUOUS_REGIONS.has(tail) || callCity === city.join(' ')) return true;
  }
  return false;
}

/** A caller ID that names no person: generic texts, carriers, digits only, a region, a city and province/state. */
export function isPlaceholderName(raw: string, place?: CallerPlace): boolean {
  const key = placeholderKey(raw);
  if (!/\p{L}/u.test(key)) return true;
  if (GENERIC_TEXTS.has(key) || isCarrier(key) || (regionCode(key) && !AMBIGUOUS_REGIONS.has(key))) return true;
  const words = key.split(' ');
  const last = words.at(-1)!;
  if (words.length >= 2 && (last === 'CALLER' || last === 'CALL')) {
    const kind = words.slice(0, -1).join(' ');
    if (GENERIC_CALLER_KINDS.has(kind) || regionCode(kind)) return true;
    // Carrier CNAM placeholders come in capitals: "<REGION|CARRIER> CALLER".
    if (raw.trim() === raw.trim().toUpperCase()) return true;
  }
  if (place?.city && key === placeholderKey(place.city)) return true;
  return isCityAndRegion(words, place);
}

/** Lower case inside a person's name ("Ludwig van Beethoven"), never as its first or last word. */
const NAME_PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'da', 'di', 'du', 'del', 'della', 'dos', 'das', 'ter', 'ten']);
/** Articles lower only after "de" ("Maria de la Cruz"); alone they start a surname ("Anne Le Blanc"). */
const ARTICLES_AFTER_DE = new Set(['la', 'las', 'los', 'le']);
const NAME_SUFFIXES = new Map([
  ['jr', 'Jr'],
  ['jr.', 'Jr.'],
  ['sr', 'Sr'],
  ['sr.', 'Sr.'],
  ['ii', 'II'],
  ['iii', 'III'],
  ['iv', 'IV'],
  ['md', 'MD'],
  ['dds', 'DDS'],
  ['phd', 'PhD'],
  ['llc', 'LLC'],
  ['llp', 'LLP'],
  ['inc', 'Inc'],
  ['ltd', 'Ltd'],
]);
/** The common Scottish and Irish Mac names; "Mack", "Mace", "Macy" are not among them. */
const MAC_NAMES = new Set([
  'macdonald',
  'macdonell',
  'macdougall',
  'mackenzie',
  'mackay',
  'mackinnon',
  'maclean',
  'macleod',
  'maclennan',
  'maclellan',
  'macmillan',
  'macintosh',
  'macintyre',
  'macneil',
  'macneill',
  'macpherson',
  'macarthur',
  'macgregor',
  'maclachlan',
  'macaulay',
  'macfarlane',
  'macrae',
  'macisaac',
  'maceachern',
  'macquarrie',
  'macgillivray',
  'macmaster',
  'macnaughton',
  'macallister',
  'macbeth',
  'macinnes',
  'mackinlay',
  'maclaren',
  'macphee',
]);
/** Lower case inside a place's name ("Niagara-on-the-Lake", "Rivière-du-Loup", "Lake of the Woods"). */
const PLACE_PARTICLES = new Set(['on', 'the', 'of', 'upon', 'by', 'in', 'sur', 'de', 'du', 'des', 'la', 'le', 'les', 'en', 'aux', 'au']);
const SPACED_PLACE_PARTICLES = new Set(['of', 'the', 'upon']);

export function collapseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function isOneCase(text: string): boolean {
  return text === text.toUpperCase() || text === text.toLowerCase();
}

function capitalise(part: string): string {
  return part.replace(/\p{L}/u, (letter) => letter.toUpperCase());
}

/** One lower-case part of a name between hyphens: "o'brien" → "O'Brien", "mcleod" → "McLeod". */
function namePart(part: string): string {
  const elided = /^(\p{L})(['’])(\p{L}.*)$/u.exec(part);
  if (elided) return `${elided[1]!.toUpperCase()}${elided[2]!}${namePart(elided[3]!)}`;
  if (/^mc\p{L}{2,}$/u.test(part)) return `Mc${capitalise(part.slice(2))}`;
  if (MAC_NAMES.has(part)) return `Mac${capitalise(part.slice(3))}`;
  return capitalise(part);
}

/** A person's name in normal case when it came all capitals or all lower case; mixed case is kept as typed. */
export function tidyName(raw: string): string {
  const text = collapseSpace(raw);
  if (!isOneCase(text)) return text;
  const words = text.toLowerCase().split(' ');
  return words
    .map((word, i) => {
      const inside = i > 0 && i < words.length - 1;
      if (inside && (NAME_PARTICLES.has(word) || (ARTICLES_AFTER_DE.has(word) && /^del?$/.test(words[i - 1]!)))) return word;
      const suffix = i > 0 ? NAME_SUFFIXES.get(word) : undefined;
      return suffix ?? word.split('-').map(namePart).join('-');
    })
    .join(' ');
}

/** The caller's real name, tidied; null when the text is empty or a placeholder. */
export function realName(raw: string | null | undefined, place?: CallerPlace): string | null {
  if (raw === null || raw === undefined) return null;
  const text = collapseSpace(raw);
  if (text === '' || isPlaceholderName(text, place)) return null;
  return tidyName(text);
}

/** A city in one case, written normally: "ST. CATHARINES" → "St. Catharines", "NIAGARA-ON-THE-LAKE" → "Niagara-on-the-Lake". */
export function tidyPlace(text: string | null): string | null {
  if (text === null) return null;
  const place = collapseSpace(text);
  if (place === '') return null;
  if (!isOneCase(place)) return place;
  return place
    .toLowerCase()
    .split(' ')
    .map((word, i) => {
      if (i > 0 && SPACED_PLACE_PARTICLES.has(word)) return word;
      return word
        .split('-')
        .map((part, j) => (j > 0 && PLACE_PARTICLES.has(part) ? part : namePart(part)))
        .join('-');
    })
    .join(' ');
}

/** A province or state: codes in capitals ("on" → "ON"), names like a place ("ONTARIO" → "Ontario"). */
export function tidyState(code: string | null): string | null {
  if (code === null) return null;
  const state = collapseSpace(code);
  if (state === '') return null;
  return /^\p{L}{2}$/u.test(state) ? state.toUpperCase() : tidyPlace(state);
}

export interface DisplayNameInput {
  /** The name staff saved for the number. */
  contactName: string | null;
  /** The vendor's lookup of this call, after it (Preprocessed, Processed, API). */
  lookedUpName: string | null;
  /** The most recent real name the vendor gave the number on an earlier call. */
  earlierName: string | null;
  /** This call's own caller ID (at ring time, or its latest). */
  callerIdName: string | null;
  callerNumber: string | null;
}

export interface DisplayName {
  displayName: string;
  nameSource: NameSource;
}

/** The name a call is shown under: the office's contact, then the vendor's names, then the caller ID, then the number. */
export function chooseDisplayName(input: DisplayNameInput): DisplayName {
  const contact = input.contactName === null ? '' : collapseSpace(input.contactName);
  if (contact !== '') return { displayName: contact, nameSource: 'contact' };
  const vendor = realName(input.lookedUpName) ?? realName(input.earlierName);
  if (vendor) return { displayName: vendor, nameSource: 'vendor' };
  const callerId = realName(input.callerIdName);
  if (callerId) return { displayName: callerId, nameSource: 'caller-id' };
  const number = formatPhone(input.callerNumber);
  if (number) return { displayName: number, nameSource: 'number' };
  return { displayName: 'Unknown caller', nameSource: 'none' };
}
