// The body codec, pure: every kind of stored value comes back byte for byte, a value compression would not
// shrink is kept as it is, an unknown codec is refused in words, and the dictionary never changes.

import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CODEC_DEFLATE_1, CODEC_NONE, decodeBody, decodeText, encodeBody, encodeText } from '../../electron/core/store/bodyCodec';
import { DICTIONARY_1 } from '../../electron/core/store/bodyDictionary';
import { REFUSED_HEAD_BYTES } from '../../electron/core/store/rows';
import { callDeliveries, SAMPLE_CALLER } from '../support/payloads';
import { loadSeeds, withCrlf } from '../support/seeds';

const seeds = loadSeeds();

function roundTrip(raw: Buffer): { codec: number; stored: number } {
  const { codec, bytes } = encodeBody(raw);
  const back = decodeBody(codec, Buffer.from(bytes));
  expect(back.equals(raw)).toBe(true);
  return { codec, stored: bytes.length };
}

describe('bodies', () => {
  it('come back byte for byte, and a webhook is stored in a fraction of its bytes', () => {
    for (const seed of Object.values(seeds)) {
      const raw = Buffer.from(withCrlf(seed.body));
      const { codec, stored } = roundTrip(raw);
      expect(codec).toBe(CODEC_DEFLATE_1);
      expect(stored).toBeLessThan(raw.length / 3);
    }
    for (const body of Object.values(callDeliveries(SAMPLE_CALLER))) expect(roundTrip(Buffer.from(body)).codec).toBe(CODEC_DEFLATE_1);
  });

  it('keep a refused head, invalid UTF-8, an empty body and 1 MiB exactly', () => {
    const big = Buffer.from(withCrlf(seeds.processed.body).repeat(400)).subarray(0, 1 << 20);
    roundTrip(big.subarray(0, REFUSED_HEAD_BYTES));
    expect(roundTrip(Buffer.from([0xff, 0xfe, 0x7b, 0xc3, 0x28, 0x00, 0x22, 0xe2, 0x82]))).toMatchObject({ codec: CODEC_NONE });
    expect(roundTrip(Buffer.alloc(0))).toEqual({ codec: CODEC_NONE, stored: 0 });
    expect(roundTrip(big).stored).toBeLessThan(big.length / 20);
    // A body that does not compress (random bytes, a gzip body refused with 415) is stored as it came.
    const random = randomBytes(1 << 20);
    expect(roundTrip(random)).toEqual({ codec: CODEC_NONE, stored: random.length });
  });

  it('read a Uint8Array (a body that crossed a thread) the same as a Buffer', () => {
    const raw = Buffer.from(withCrlf(seeds.start.body));
    const { codec, bytes } = encodeBody(new Uint8Array(raw));
    expect(decodeBody(codec, new Uint8Array(bytes)).equals(raw)).toBe(true);
  });

  it('refuse a codec this version does not know, saying so', () => {
    expect(() => decodeBody(9, Buffer.from('x'))).toThrow(/compression 9, which this version of Call Alerts cannot read/);
  });
});

describe('JSON text columns', () => {
  it('store text as a blob led by its codec, read old text as it is, and keep text that would not shrink', () => {
    const json = JSON.stringify({ headers: seeds.processed.headers, note: 'naïve café ☎' });
    const stored = encodeText(json);
    expect(Buffer.isBuffer(stored) && stored[0]).toBe(CODEC_DEFLATE_1);
    expect(decodeText(stored)).toBe(json);
    expect(decodeText(new Uint8Array(stored as Buffer))).toBe(json);
    expect(decodeText('{"from":"before migration 12"}')).toBe('{"from":"before migration 12"}');
    expect(encodeText('{}')).toBe('{}');
    expect(encodeText('')).toBe('');
    expect(decodeText(Buffer.alloc(0))).toBe('');
  });
});

describe('the dictionary of codec 1', () => {
  it('is fixed forever: stored values need these exact bytes (a better one is a new codec)', () => {
    expect(createHash('sha256').update(DICTIONARY_1, 'utf8').digest('hex')).toBe('eaae4b14d75f68e8755056089af61c9bd825462a78abe8502799a1b4acc8c2b8');
  });
});
