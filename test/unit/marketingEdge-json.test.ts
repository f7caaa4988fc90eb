import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseVendorJson } from '../../shared/marketingEdge/json';

describe('parseVendorJson', () => {
  it('keeps the first non-null value of a repeated key (the Preprocessed sample)', () => {
    const text = '{"MonitorStartTime": "2019-11-15T14:09:53.564", "x": 1, "MonitorStartTime": null}';
    expect(parseVendorJson(text)).toEqual({ MonitorStartTime: '2019-11-15T14:09:53.564', x: 1 });
    expect(JSON.parse(text).MonitorStartTime).toBeNull();
  });

  it('takes a later value when the first was null, and never lets a later value overwrite a set one', () => {
    expect(parseVendorJson('{"a": null, "a": 2, "a": 3}')).toEqual({ a: 2 });
  });

  it('keeps integers beyond 2^53 exact, as text', () => {
    expect(parseVendorJson('{"TelmetricsId": 12345678901234567890}')).toEqual({ TelmetricsId: '12345678901234567890' });
    expect(parseVendorJson('[2079571437, 1.5, -3e2]')).toEqual([2079571437, 1.5, -300]);
  });

  it('reads CRLF bodies, a BOM, escapes and unicode', () => {
    expect(parseVendorJson('\ufeff{\r\n  "a": "x\\"y\\u00e9\\n"\r\n}')).toEqual({ a: 'x"yé\n' });
  });

  it('does not let a "__proto__" key change the prototype', () => {
    const value = parseVendorJson('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(value)).toEqual(['__proto__']);
  });

  it.each(['', '{', '{"a":1,}', '[1 2]', '{"a" 1}', 'nul', '{"a":"\u0001"}', '{} x', '"\\q"', '01'])(
    'rejects malformed JSON %j with a position',
    (text) => {
      expect(() => parseVendorJson(text)).toThrow(JsonSyntaxError);
    },
  );

  it('agrees with JSON.parse on any JSON without repeated keys, except that huge integers stay exact text', () => {
    const exactIntegers = (v: unknown): unknown =>
      typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v) && !JSON.stringify(v).includes('e')
        ? JSON.stringify(v)
        : Array.isArray(v)
          ? v.map(exactIntegers)
          : v && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, exactIntegers(x)]))
            : v;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const text = JSON.stringify(value, null, 2);
        expect(parseVendorJson(text)).toEqual(exactIntegers(JSON.parse(text)));
      }),
      { numRuns: 300 },
    );
  });
});
