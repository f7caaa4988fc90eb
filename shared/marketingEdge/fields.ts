// Case- and spelling-insensitive field access. The vendor writes `AdDefinitionID` and `AdDefinitionId`,
// `ReferrerURL` and `ReferrerUrl`, even `"LandingPagURL:"`; keys are compared by their letters and digits only.

import { isJsonObject, type JsonValue } from './json';

export type Fields = ReadonlyMap<string, JsonValue>;

export function canonicalKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function isEmpty(value: JsonValue | undefined): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** The object's fields by canonical key; where two spellings collide, the first non-empty value wins. */
export function fieldsOf(obj: JsonValue | undefined): Fields {
  const out = new Map<string, JsonValue>();
  if (!isJsonObject(obj)) return out;
  for (const [key, value] of Object.entries(obj)) {
    const k = canonicalKey(key);
    if (!out.has(k) || (isEmpty(out.get(k)) && !isEmpty(value))) out.set(k, value);
  }
  return out;
}

/** The first non-empty value among the aliases (canonical keys). */
export function pick(fields: Fields, ...aliases: string[]): JsonValue | undefined {
  let fallback: JsonValue | undefined;
  for (const alias of aliases) {
    const value = fields.get(alias);
    if (!isEmpty(value)) return value;
    if (value !== undefined && fallback === undefined) fallback = value;
  }
  return fallback;
}

/** Trimmed text; numbers and booleans become their text; "", null, objects → null. */
export function text(value: JsonValue | undefined): string | null {
  if (typeof value === 'string') {
    const t = value.trim();
    return t === '' ? null : t;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** Text with inner runs of white space folded (RuleDescription has "Global Replacement   - Toll Free"). */
export function foldedText(value: JsonValue | undefined): string | null {
  return text(value)?.replace(/\s+/g, ' ') ?? null;
}

/** An identifier kept as text, so a 64-bit id is never rounded through a float. */
export function id(value: JsonValue | undefined): string | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  return text(value);
}

export function integer(value: JsonValue | undefined): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return parseInt(value, 10);
  return null;
}

export function bool(value: JsonValue | undefined): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === 'string') {
    const t = value.trim().toLowerCase();
    if (t === 'true' || t === 'yes' || t === '1') return true;
    if (t === 'false' || t === 'no' || t === '0') return false;
  }
  return null;
}
