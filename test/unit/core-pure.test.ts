import { describe, expect, it } from 'vitest';
import { checkSignature, signatureOf, signatureRefused } from '../../electron/core/ingest/signature';
import { tokenMatches } from '../../electron/core/ingest/received';
import { chooseDataDir } from '../../electron/core/paths';
import { decodeCursor, encodeCursor } from '../../electron/core/store/callSearch';
import {
  filteredMatch,
  matchExpression,
  numberSuffixes,
  pastPrefix,
  searchExpression,
  searchTerms,
  SPOKEN_MARK,
  spokenWords,
} from '../../electron/core/store/searchQuery';
import { parseServeArgs } from '../../electron/headless';

describe('ms-signature', () => {
  // The test vector from Microsoft's ASP.NET WebHooks sender tests.
  const secret = '123456789012345678901234567890123456789012345678';
  const body = Buffer.from(
    '{\r\n  "Id": "1234567890",\r\n  "Attempt": 1,\r\n  "Properties": {\r\n    "p1": "pv1"\r\n  },\r\n  "Notifications": [\r\n    {\r\n      "Action": "a1",\r\n      "d1": "dv1"\r\n    },\r\n    {\r\n      "Action": "a1",\r\n      "d2": "http://localhost/"\r\n    }\r\n  ]\r\n}',
  );
  const expected = 'sha256=69941A3C522CE0B52B5F08BD23309D4356422FEFF99A3398062A7C015B9FD48D';

  it('matches the ASP.NET test vector', () => {
    expect(signatureOf(body, secret)).toBe(expected);
    expect(checkSignature(body, expected, secret, 'report')).toBe('valid');
    expect(checkSignature(body, expected.toLowerCase().replace('sha256=', 'SHA256='), secret, 'enforce')).toBe('valid');
  });

  it('gives a verdict for wrong, missing and unchecked signatures', () => {
    expect(checkSignature(Buffer.concat([body, Buffer.from(' ')]), expected, secret, 'report')).toBe('invalid');
    expect(checkSignature(body, 'sha256=XYZ', secret, 'report')).toBe('invalid');
    expect(checkSignature(body, undefined, secret, 'report')).toBe('missing');
    expect(checkSignature(body, expected, secret, 'off')).toBe('not-checked');
    expect(checkSignature(body, expected, null, 'enforce')).toBe('not-checked');
    expect(signatureRefused('invalid', 'enforce')).toBe(true);
    expect(signatureRefused('missing', 'enforce')).toBe(true);
    expect(signatureRefused('invalid', 'report')).toBe(false);
  });

  it('compares tokens in constant time, by digest', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('', 'abc')).toBe(false);
  });
});

describe('search expressions', () => {
  // A transcript's words are marked: "S" below stands for the mark.
  const S = SPOKEN_MARK;
  it('turns number fragments into suffix-prefix queries and words into prefix queries, written and spoken', () => {
    expect(searchExpression('2958')).toBe('number : "2958"*');
    expect(searchExpression('905-580')).toBe('number : "905580"*');
    expect(searchExpression('john lansing')).toBe(`("john"* OR "${S}john"*) AND ("lansing"* OR "${S}lansing"*)`);
    expect(searchExpression('o"brien')).toBe(`("o brien"* OR "${S}o ${S}brien"*)`);
    // Only the number column holds nothing but digits: words without a letter name the others.
    expect(searchExpression('#12')).toBe(`({name place source} : "12"* OR "${S}12"*)`);
    expect(searchExpression('  ')).toBeNull();
    expect(searchExpression('"*()')).toBeNull();
  });
  it('marks every word of a transcript as the tokenizer splits it', () => {
    expect(spokenWords("Hi, it's Müller—call 905-580!")).toBe(`${S}Hi, ${S}it' ${S}s ${S}Müller— ${S}call ${S}905- ${S}580!`);
    expect(spokenWords('')).toBe('');
  });
  it('matches a filter written or spoken: written words with its terms, or any words with its spoken terms', () => {
    const filter = { written: ['facets : "m"'], spoken: ['facets : "M"'] };
    // One word: written with the filter, or spoken with its spoken terms (a call with both is in the first).
    expect(filteredMatch(searchTerms('call'), filter)).toBe(`("call"* AND facets : "m") OR ("${S}call"* AND facets : "M")`);
    expect(filteredMatch(searchTerms('2958 call'), filter)).toBe(
      `(number : "2958"* AND "call"* AND facets : "m") OR (number : "2958"* AND "${S}call"* AND facets : "M")`,
    );
    // Two: each written or spoken ("anna" in a name, "furnace" said) among the spoken terms.
    expect(filteredMatch(searchTerms('anna furnace'), filter)).toBe(
      `("anna"* AND "furnace"* AND facets : "m") OR (("anna"* OR "${S}anna"*) AND ("furnace"* OR "${S}furnace"*) AND facets : "M")`,
    );
    // A number is never spoken: its filter needs no spoken side.
    expect(filteredMatch(searchTerms('2958'), filter)).toBe('number : "2958"* AND facets : "m"');
    expect(filteredMatch(searchTerms('call'), { written: [], spoken: [] })).toBe(`("call"* OR "${S}call"*)`);
    expect(filteredMatch(searchTerms(' '), filter)).toBeNull();
  });
  it('writes a prefix as the terms it stands for where the index says cheaply which they are', () => {
    const asked: [string, string][] = [];
    const vocabulary = (from: string, to: string) => {
      asked.push([from, to]);
      const word = from.replace(S, '');
      return word.startsWith('cole') ? [from.slice(0, -1) + 'man', from.slice(0, -1) + 's'] : word.startsWith('many') ? null : [];
    };
    const expression = (q: string) => matchExpression(searchTerms(q), vocabulary);
    // Four letters or more: the word and its longer completions, listed from just after the word itself.
    expect(expression('Cole')).toBe(`(("cole" OR "coleman" OR "coles") OR ("${S}cole" OR "${S}coleman" OR "${S}coles"))`);
    expect(asked).toEqual([
      ['cole\u0001', 'colf'],
      [`${S}cole\u0001`, `${S}colf`],
    ]);
    expect(expression('radiator')).toBe(`(("radiator") OR ("${S}radiator"))`);
    // Too many completions, or a word the tokenizer may split or fold differently: left a prefix.
    expect(expression('manywords')).toBe(`("manywords"* OR "${S}manywords"*)`);
    expect(expression('Müller')).toBe(`("Müller"* OR "${S}Müller"*)`);
    // Two or three letters written, three listed when spoken (a fourth character with the mark): FTS5's prefix index.
    expect(expression('co')).toBe(`("co"* OR "${S}co"*)`);
    expect(expression('tor')).toBe(`("tor"* OR ("${S}tor"))`);
    // One letter: itself and its two-letter prefixes; non-ASCII second letters from the vocabulary. Spoken, the prefix index.
    asked.length = 0;
    const one = expression('c')!;
    expect(asked).toEqual([['c\u0080', 'd']]);
    expect(one).toMatch(new RegExp(`^\\(\\("c" OR "c0"\\* OR .* OR "cz"\\*\\) OR "${S}c"\\*\\)$`, 'u'));
    expect(one.split(' OR ')).toHaveLength(1 + 36 + 1);
    expect(expression('9')).toBe(`number : (${['"9"', ...[...'0123456789'].map((d) => `"9${d}"*`)].join(' OR ')})`);
    expect(expression('2958 cole')).toBe(`number : "2958"* AND (("cole" OR "coleman" OR "coles") OR ("${S}cole" OR "${S}coleman" OR "${S}coles"))`);
    expect(pastPrefix('cole')).toBe('colf');
  });
  it('indexes every suffix of the number', () => {
    expect(numberSuffixes('9055')).toBe('9055 055 55 5');
    expect(numberSuffixes(null)).toBe('');
  });
});

describe('keyset cursor', () => {
  it('round-trips a keyset cursor', () => {
    expect(decodeCursor(encodeCursor(1573826994000, 42))).toEqual({ startedMs: 1573826994000, id: 42 });
    expect(decodeCursor('garbage')).toBeNull();
  });
});

describe('headless options', () => {
  it('reads every flag', () => {
    expect(
      parseServeArgs(
        [
          '--data-dir',
          '/tmp/x',
          '--webhook-port',
          '0',
          '--app-port',
          '9000',
          '--webhook-token',
          't'.repeat(24),
          '--webhook-secret',
          's3cret',
          '--signature',
          'enforce',
        ],
        {},
      ),
    ).toEqual({ dataDir: '/tmp/x', webhookPort: 0, appPort: 9000, webhookToken: 't'.repeat(24), webhookSecret: 's3cret', signatureMode: 'enforce' });
  });
  it('takes the secret from the environment and defaults the ports', () => {
    expect(parseServeArgs(['--data-dir', '/tmp/x'], { CALL_ALERTS_WEBHOOK_SECRET: 'env-secret' })).toMatchObject({
      webhookPort: 47800,
      appPort: 47801,
      webhookSecret: 'env-secret',
    });
  });
  it('refuses bad values with a clear message', () => {
    expect(() => parseServeArgs(['--signature', 'strict'], {})).toThrow(/--signature must be one of off, report, enforce/);
    expect(() => parseServeArgs(['--app-port', '99999'], {})).toThrow(/--app-port must be a port/);
    expect(() => parseServeArgs(['--bogus'], {})).toThrow();
  });
});

describe('data folder', () => {
  const none = () => false;
  const win = { APPDATA: 'C:\\Users\\a\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' };

  it('is the OS app-data folder: Local AppData on Windows, which roaming profiles do not copy', () => {
    expect(chooseDataDir('win32', win, 'C:\\Users\\a', none)).toEqual({ dir: 'C:\\Users\\a\\AppData\\Local\\Call Alerts', note: null });
    expect(chooseDataDir('win32', {}, 'C:\\Users\\a', none).dir).toBe('C:\\Users\\a\\AppData\\Local\\Call Alerts');
    expect(chooseDataDir('darwin', {}, '/Users/a', none).dir).toBe('/Users/a/Library/Application Support/Call Alerts');
    expect(chooseDataDir('linux', {}, '/home/a', none).dir).toBe('/home/a/.config/Call Alerts');
    expect(chooseDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/a', none).dir).toBe('/x/Call Alerts');
  });

  it('keeps an earlier install’s database in Roaming AppData, and says so, until Local has one', () => {
    const roaming = 'C:\\Users\\a\\AppData\\Roaming\\Call Alerts';
    const local = 'C:\\Users\\a\\AppData\\Local\\Call Alerts';
    const kept = chooseDataDir('win32', win, 'C:\\Users\\a', (dir) => dir === roaming);
    expect(kept.dir).toBe(roaming);
    expect(kept.note).toContain(roaming);
    expect(chooseDataDir('win32', win, 'C:\\Users\\a', () => true)).toEqual({ dir: local, note: null });
    expect(chooseDataDir('win32', win, 'C:\\Users\\a', (dir) => dir === local).dir).toBe(local);
  });
});
