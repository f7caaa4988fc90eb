// The inspector's body reader: valid JSON re-indented exactly, invalid JSON pointed at by line and column.

import { describe, expect, it } from 'vitest';
import { jsonErrorHeadline, readJsonBody, type JsonError } from '../../renderer/src/format/jsonBody';
import { loadSeeds, withCrlf } from '../support/seeds';

function errorOf(text: string): JsonError {
  const reading = readJsonBody(text);
  if (reading.ok) throw new Error(`read as valid: ${text}`);
  return reading.error;
}

describe('readJsonBody on valid JSON', () => {
  it('indents by two spaces, as JSON.stringify does, for every seed webhook', () => {
    for (const seed of Object.values(loadSeeds())) {
      const reading = readJsonBody(JSON.stringify(JSON.parse(seed.body)));
      expect(reading).toEqual({ ok: true, pretty: JSON.stringify(JSON.parse(seed.body), null, 2) });
    }
  });

  it('keeps a name sent twice, as it was sent (the vendor samples have some)', () => {
    expect(readJsonBody('{"a":1,"a":2}')).toEqual({ ok: true, pretty: '{\n  "a": 1,\n  "a": 2\n}' });
    for (const seed of Object.values(loadSeeds())) {
      const reading = readJsonBody(seed.body);
      expect(reading.ok && JSON.parse(reading.pretty)).toEqual(JSON.parse(seed.body));
    }
  });

  it('reads a CRLF body the same as its LF copy', () => {
    const body = JSON.stringify({ Id: 'abc', Notifications: [{ a: 1 }, { b: [true, null] }] }, null, 2);
    expect(readJsonBody(withCrlf(body))).toEqual(readJsonBody(body));
    expect(readJsonBody(withCrlf(body))).toEqual({ ok: true, pretty: body });
  });

  it('keeps numbers and texts exactly as sent (a long id is not rounded)', () => {
    expect(readJsonBody('{"TelmetricsId":12345678901234567890,"x":1.50e+3,"s":"a\\u00e9\\n"}')).toEqual({
      ok: true,
      pretty: '{\n  "TelmetricsId": 12345678901234567890,\n  "x": 1.50e+3,\n  "s": "a\\u00e9\\n"\n}',
    });
  });

  it('writes empty containers and top-level scalars as they are', () => {
    expect(readJsonBody(' { "a" : [ ] , "b" : { } } ')).toEqual({ ok: true, pretty: '{\n  "a": [],\n  "b": {}\n}' });
    expect(readJsonBody('[[1,[2]],{}]')).toEqual({ ok: true, pretty: JSON.stringify([[1, [2]], {}], null, 2) });
    expect(readJsonBody('"text"')).toEqual({ ok: true, pretty: '"text"' });
    expect(readJsonBody('-0.5')).toEqual({ ok: true, pretty: '-0.5' });
  });

  it('reads deep nesting, and finds the one bracket left open', () => {
    expect(readJsonBody('['.repeat(2000) + ']'.repeat(2000)).ok).toBe(true);
    expect(errorOf('['.repeat(2000) + ']'.repeat(1999))).toMatchObject({ kind: 'truncated', column: 4000 });
  });
});

describe('readJsonBody on invalid JSON', () => {
  it('points at a trailing comma', () => {
    const e = errorOf('{\n  "Id": "abc",\n  "Attempt": 1,\n}');
    expect(e).toMatchObject({ kind: 'trailing-comma', line: 3, column: 15 });
    expect(e.excerpt).toBe('  "Attempt": 1,');
    expect(e.caret).toBe('              ^');
    expect(jsonErrorHeadline(e)).toBe('Not valid JSON: line 3, column 15');
    expect(errorOf('[1, 2,]')).toMatchObject({ kind: 'trailing-comma', line: 1, column: 6 });
  });

  it('points at the opening quote of a text that runs to the end of its line', () => {
    const e = errorOf('{\r\n  "Id": "abc,\r\n  "Attempt": 1\r\n}');
    expect(e).toMatchObject({ kind: 'unterminated-string', line: 2, column: 9 });
    expect(e.excerpt).toBe('  "Id": "abc,');
    expect(e.caret).toBe('        ^');
  });

  it('points at a backslash code JSON does not allow', () => {
    expect(errorOf('{"path": "C:\\Users"}')).toMatchObject({ kind: 'bad-escape', line: 1, column: 13 });
    expect(errorOf('{"s": "\\u12G4"}')).toMatchObject({ kind: 'bad-escape', line: 1, column: 8 });
  });

  it('says a body cut off ends in the middle, pointing past its last character', () => {
    const cut = JSON.stringify(JSON.parse(loadSeeds().start.body), null, 2).slice(0, 200);
    const e = errorOf(cut);
    expect(e.kind).toBe('truncated');
    const lines = cut.split('\n');
    expect(e.line).toBe(lines.length);
    expect(e.column).toBe(lines.at(-1)!.length + 1);
    expect(errorOf('{"Id": "broken", ')).toMatchObject({ kind: 'truncated', line: 1, column: 18 });
    expect(errorOf('{"a": tr')).toMatchObject({ kind: 'truncated' });
    expect(errorOf('{"a": "\\u00')).toMatchObject({ kind: 'truncated' });
  });

  it('says an empty body is empty', () => {
    for (const body of ['', '   ', '\r\n']) {
      const e = errorOf(body);
      expect(e.kind).toBe('empty');
      expect(jsonErrorHeadline(e)).toBe('Not valid JSON: the body is empty');
    }
  });

  it('says plain text, a form or a web page is not JSON', () => {
    expect(errorOf('Hello there')).toMatchObject({ kind: 'not-json', line: 1, column: 1 });
    expect(errorOf('\n\n  <html><body>Bad gateway</body></html>')).toMatchObject({ kind: 'not-json', line: 3, column: 3 });
    expect(errorOf('Id=abc&Attempt=1')).toMatchObject({ kind: 'not-json' });
    expect(errorOf('nope')).toMatchObject({ kind: 'not-json' });
  });

  it('names what it found and what should be there', () => {
    const e = errorOf('{"a": 1 "b": 2}');
    expect(e).toMatchObject({ kind: 'unexpected', line: 1, column: 9 });
    expect(e.explanation).toBe('Found “"” where a comma or “}” should be.');
    expect(errorOf('{"a" 1}').explanation).toBe('Found “1” where a colon “:” should be.');
    expect(errorOf("{'a': 1}").explanation).toBe("Found “'” where a name in quotes, or “}” should be.");
    expect(errorOf('{"a": tru }')).toMatchObject({ kind: 'unexpected', column: 10 });
    expect(errorOf('[1] [2]').explanation).toBe('Found “[” where the end of the body should be.');
  });

  it('refuses a raw tab inside a text value', () => {
    expect(errorOf('{"a": "x\ty"}')).toMatchObject({ kind: 'control-character', line: 1, column: 9 });
  });

  it('counts a lone CR as a line break, and keeps tabs under tabs in the caret line', () => {
    const e = errorOf('{\r\t"a": 1,\r\t}');
    expect(e).toMatchObject({ kind: 'trailing-comma', line: 2, column: 8 });
    expect(e.caret).toBe('\t      ^');
  });

  it('shows a long line around the error, with the caret under it', () => {
    const body = `{"pad": "${'x'.repeat(500)}", "bad": tru}`;
    const e = errorOf(body);
    expect(e.column).toBe(body.indexOf('tru}') + 4);
    expect(e.excerpt.startsWith('…')).toBe(true);
    expect(e.excerpt.length).toBeLessThanOrEqual(122);
    expect(e.excerpt[e.caret.length - 1]).toBe('}');
  });
});
