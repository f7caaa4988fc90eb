import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { highlightKeywords, keywordSpan, transcriptTurns } from '../../shared/transcript';

const SEED =
  "Caller: And put on Agent: Come Caller: our DO Agent: for Caller: NOT Agent: a moment Caller: CALL Agent:. Caller: LIST press 1 to speak with someone about possibly extending or reinstating your car's warranty again and press 1 to speak with a warranty specialist. ";

describe('transcript turns', () => {
  it('splits the seed transcript into Caller/Agent turns and drops the empty "Agent:." turn', () => {
    const turns = transcriptTurns(SEED);
    expect(turns.slice(0, 4)).toEqual([
      { speaker: 'caller', text: 'And put on' },
      { speaker: 'agent', text: 'Come' },
      { speaker: 'caller', text: 'our DO' },
      { speaker: 'agent', text: 'for' },
    ]);
    expect(turns).toHaveLength(8);
    expect(turns.at(-1)).toEqual({
      speaker: 'caller',
      text: "LIST press 1 to speak with someone about possibly extending or reinstating your car's warranty again and press 1 to speak with a warranty specialist.",
    });
  });

  it('keeps text before the first marker, with no speaker', () => {
    expect(transcriptTurns('hello there agent: hi')).toEqual([
      { speaker: null, text: 'hello there' },
      { speaker: 'agent', text: 'hi' },
    ]);
    expect(transcriptTurns(null)).toEqual([]);
    expect(transcriptTurns('')).toEqual([]);
  });

  it('never loses a word', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('Caller:', 'Agent:', 'car', 'warranty', '.', 'press', '1'), { maxLength: 30 }), (tokens) => {
        const text = tokens.join(' ');
        const kept = transcriptTurns(text)
          .flatMap((t) => t.text.split(/\s+/))
          .filter((w) => /\w/.test(w));
        const expected = tokens.filter((t) => t !== 'Caller:' && t !== 'Agent:' && /\w/.test(t));
        expect(kept).toEqual(expected);
      }),
    );
  });
});

describe('keyword highlighting', () => {
  it('marks whole words case-insensitively, including before an apostrophe', () => {
    expect(highlightKeywords("your Car's warranty, car-park and carpet", ['car'])).toEqual([
      { text: 'your ', keyword: null },
      { text: 'Car', keyword: 'car' },
      { text: "'s warranty, ", keyword: null },
      { text: 'car', keyword: 'car' },
      { text: '-park and carpet', keyword: null },
    ]);
  });

  it('prefers the longest keyword and handles phrases', () => {
    expect(highlightKeywords('a car wash', ['car', 'car wash'])).toEqual([
      { text: 'a ', keyword: null },
      { text: 'car wash', keyword: 'car wash' },
    ]);
  });

  it('gives back exactly the text it was given', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string({ maxLength: 4 }), { maxLength: 4 }), (text, keywords) => {
        expect(
          highlightKeywords(text, keywords)
            .map((s) => s.text)
            .join(''),
        ).toBe(text);
      }),
    );
  });

  it('returns a single plain segment when nothing matches', () => {
    expect(highlightKeywords('<img src=x onerror=alert(1)>', ['bus'])).toEqual([{ text: '<img src=x onerror=alert(1)>', keyword: null }]);
    expect(highlightKeywords('', ['bus'])).toEqual([]);
  });

  it('shortens the vendor time spans', () => {
    expect(keywordSpan('00:00:00|00:01:04')).toBe('0:00–1:04');
    expect(keywordSpan('01:02:03|01:02:09')).toBe('1:02:03–1:02:09');
    expect(keywordSpan('')).toBeNull();
    expect(keywordSpan(null)).toBeNull();
  });
});
