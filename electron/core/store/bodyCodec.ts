// How stored bytes are compressed: pure encode/decode, byte for byte (signature checks and Re-process read the
// stored body). Every value carries its codec, so rows written before compression (and by a future codec) read
// as they are:
// - a BLOB column (a delivery's body, an API answer) has a codec column beside it, 0 for rows from before;
// - a JSON TEXT column (headers, events) holds text as it is, or a blob whose first byte names its codec.
// Codec 1 is raw deflate (level 9) with a fixed preset dictionary: on the generated history it stores a
// webhook body in ~17% of its bytes, where brotli (no custom dictionary in Node 20) keeps ~37%. The level is
// the encoder's choice only: any level reads back with the same codec.

import zlib from 'node:zlib';
import { DICTIONARY_1 } from './bodyDictionary';

/** Stored as received. */
export const CODEC_NONE = 0;
/** Raw deflate with DICTIONARY_1 (./bodyDictionary.ts). */
export const CODEC_DEFLATE_1 = 1;

export type BodyCodec = typeof CODEC_NONE | typeof CODEC_DEFLATE_1;

export interface EncodedBody {
  codec: BodyCodec;
  bytes: Buffer;
}

const dictionary = Buffer.from(DICTIONARY_1, 'utf8');
const DEFLATE = { level: 9, dictionary };

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The bytes to store and their codec: compressed, unless that does not make them smaller (then as they are). */
export function encodeBody(raw: Uint8Array): EncodedBody {
  const bytes = asBuffer(raw);
  if (bytes.length === 0) return { codec: CODEC_NONE, bytes };
  const packed = zlib.deflateRawSync(bytes, DEFLATE);
  return packed.length < bytes.length ? { codec: CODEC_DEFLATE_1, bytes: packed } : { codec: CODEC_NONE, bytes };
}

/** The bytes as received, from what is stored and its codec; throws for a codec this version does not know. */
export function decodeBody(codec: number, stored: Uint8Array): Buffer {
  const bytes = asBuffer(stored);
  switch (codec) {
    case CODEC_NONE:
      return bytes;
    case CODEC_DEFLATE_1:
      return zlib.inflateRawSync(bytes, { dictionary });
    default:
      throw new Error(`A stored value uses compression ${codec}, which this version of Call Alerts cannot read.`);
  }
}

/** A JSON TEXT column's value to store: a blob led by its codec byte, or the text itself when that is no smaller. */
export function encodeText(text: string): string | Buffer {
  const raw = Buffer.from(text, 'utf8');
  const { codec, bytes } = encodeBody(raw);
  if (codec === CODEC_NONE || bytes.length + 1 >= raw.length) return text;
  return Buffer.concat([Buffer.of(codec), bytes]);
}

/** The text of a JSON TEXT column: text is stored as it is; a blob's first byte names its codec. */
export function decodeText(stored: string | Uint8Array): string {
  if (typeof stored === 'string') return stored;
  const bytes = asBuffer(stored);
  if (bytes.length === 0) return '';
  return decodeBody(bytes[0]!, bytes.subarray(1)).toString('utf8');
}
