// build/lean/iconvLite.ts, which the bundles take in place of iconv-lite: what body-parser and raw-body ask of it.

import { describe, expect, it } from 'vitest';
import { decode, encodingExists, getDecoder } from '../../build/lean/iconvLite';

describe("the bundles' iconv-lite", () => {
  it('knows the charsets a JSON body comes in, by their labels, and no made-up one', () => {
    for (const label of ['utf-8', 'UTF8', ' utf-16le ', 'utf-16be', 'latin1']) expect(encodingExists(label), label).toBe(true);
    expect(encodingExists('utf-99')).toBe(false);
  });

  it('decodes a whole body, dropping a byte-order mark as iconv-lite does', () => {
    expect(decode(Buffer.from('\ufeff{"name":"Zoë"}', 'utf8'), 'utf-8')).toBe('{"name":"Zoë"}');
    expect(decode(Buffer.from('\ufeff{"name":"Zoë"}', 'utf16le'), 'utf-16le')).toBe('{"name":"Zoë"}');
  });

  it('joins a character split across two chunks', () => {
    const bytes = Buffer.from('Gagné ☎', 'utf8');
    const decoder = getDecoder('utf-8');
    const text =
      decoder.write(bytes.subarray(0, 5)) + decoder.write(bytes.subarray(5, bytes.length - 1)) + decoder.write(bytes.subarray(bytes.length - 1));
    expect(text + (decoder.end() ?? '')).toBe('Gagné ☎');
    expect(getDecoder('utf-8').end()).toBeUndefined();
  });

  it('refuses an unknown charset with the words raw-body turns into its 415', () => {
    expect(() => getDecoder('utf-99')).toThrow(/^Encoding not recognized: /);
    expect(() => decode(Buffer.from('{}'), 'utf-99')).toThrow(/^Encoding not recognized: /);
  });
});
