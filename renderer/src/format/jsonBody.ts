// A delivery's body as the inspector shows it: valid JSON re-indented token by token (numbers and texts kept
// exactly as sent, so a long id is never rounded), or the first error pointed at by line and column. A small
// scanner of its own: the engine's messages differ between engines and say nothing a receptionist can use.

export type JsonErrorKind =
  'empty' | 'not-json' | 'trailing-comma' | 'unterminated-string' | 'bad-escape' | 'control-character' | 'truncated' | 'unexpected';

export interface JsonError {
  kind: JsonErrorKind;
  /** Where it is: an offset into the text, and its line and column (both from 1; CRLF counts as one line break). */
  offset: number;
  line: number;
  column: number;
  /** What is wrong, in plain words. */
  explanation: string;
  /** The line with the error (an excerpt around it when the line is long), and a caret line under it. */
  excerpt: string;
  caret: string;
}

export type JsonReading = { ok: true; pretty: string } | { ok: false; error: JsonError };

const INDENT = '  ';
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX = /^[0-9a-fA-F]$/;
const SIMPLE_ESCAPES = '"\\/bfnrt';
const LITERALS = ['true', 'false', 'null'];
/** How much of a long line (a body sent on one line) is shown either side of the error. */
const EXCERPT_SIDE = 60;

type Failure = { kind: JsonErrorKind; at: number; expected?: string };

class Stop extends Error {
  constructor(readonly failure: Failure) {
    super(failure.kind);
  }
}

function stop(kind: JsonErrorKind, at: number, expected?: string): never {
  throw new Stop(expected === undefined ? { kind, at } : { kind, at, expected });
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** The end of the text value opening at `start` (its quote). */
function stringEnd(text: string, start: number): number {
  for (let j = start + 1; ;) {
    if (j >= text.length) stop('truncated', text.length);
    const c = text[j]!;
    if (c === '"') return j + 1;
    if (c === '\n' || c === '\r') stop('unterminated-string', start);
    if (c < ' ') stop('control-character', j);
    if (c !== '\\') {
      j += 1;
      continue;
    }
    if (j + 1 >= text.length) stop('truncated', text.length);
    const e = text[j + 1]!;
    if (SIMPLE_ESCAPES.includes(e)) {
      j += 2;
      continue;
    }
    if (e !== 'u') stop('bad-escape', j);
    for (let k = 0; k < 4; k++) {
      if (j + 2 + k >= text.length) stop('truncated', text.length);
      if (!HEX.test(text[j + 2 + k]!)) stop('bad-escape', j);
    }
    j += 6;
  }
}

/** The end of the number, true, false or null at `start`. */
function scalarEnd(text: string, start: number): number {
  const c = text[start]!;
  if (c === '-' || (c >= '0' && c <= '9')) {
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(text);
    if (match) return start + match[0].length;
    if (start + 1 >= text.length) stop('truncated', text.length);
    stop('unexpected', start + 1, 'a digit');
  }
  const word = LITERALS.find((w) => w[0] === c);
  if (!word) stop('unexpected', start, 'a value');
  for (let k = 1; k < word.length; k++) {
    if (start + k >= text.length) stop('truncated', text.length);
    if (text[start + k] !== word[k]) stop('unexpected', start + k, `“${word}”`);
  }
  return start + word.length;
}

/** Scans the whole text once, writing the indented copy; throws a Stop at the first error. */
function scan(text: string): string {
  const out: string[] = [];
  const stack: ('{' | '[')[] = [];
  const pad = () => `\n${INDENT.repeat(stack.length)}`;
  let expect: 'value' | 'key' | 'colon' | 'after' = 'value';
  let empty = false; // the container just opened holds nothing yet
  let comma = -1; // the last comma, while nothing has followed it
  let i = 0;
  const close = (c: '}' | ']') => {
    if (comma >= 0) stop('trailing-comma', comma);
    stack.pop();
    out.push(empty ? c : pad() + c);
    empty = false;
    i += 1;
    expect = 'after';
  };
  const begin = () => {
    if (empty) out.push(pad());
    empty = false;
    comma = -1;
  };
  for (;;) {
    while (i < text.length && isSpace(text[i]!)) i += 1;
    if (i >= text.length) {
      if (out.length === 0) stop('empty', 0);
      if (stack.length === 0 && expect === 'after') return out.join('');
      stop('truncated', text.length);
    }
    const c = text[i]!;
    const top = stack.at(-1);
    if (expect === 'value') {
      if (c === ']' && top === '[' && (empty || comma >= 0)) {
        close(']');
        continue;
      }
      begin();
      if (c === '{' || c === '[') {
        stack.push(c);
        out.push(c);
        i += 1;
        empty = true;
        expect = c === '{' ? 'key' : 'value';
        continue;
      }
      const end = c === '"' ? stringEnd(text, i) : scalarEnd(text, i);
      out.push(text.slice(i, end));
      i = end;
      expect = 'after';
    } else if (expect === 'key') {
      if (c === '}' && (empty || comma >= 0)) {
        close('}');
        continue;
      }
      if (c !== '"') stop('unexpected', i, empty ? 'a name in quotes, or “}”' : 'a name in quotes');
      begin();
      const end = stringEnd(text, i);
      out.push(text.slice(i, end));
      i = end;
      expect = 'colon';
    } else if (expect === 'colon') {
      if (c !== ':') stop('unexpected', i, 'a colon “:”');
      out.push(': ');
      i += 1;
      expect = 'value';
    } else {
      if (top === undefined) stop('unexpected', i, 'the end of the body');
      if (c === ',') {
        out.push(`,${pad()}`);
        comma = i;
        i += 1;
        expect = top === '{' ? 'key' : 'value';
      } else if (c === (top === '{' ? '}' : ']')) {
        close(c);
      } else {
        stop('unexpected', i, top === '{' ? 'a comma or “}”' : 'a comma or “]”');
      }
    }
  }
}

/** A character as the explanation names it. */
function named(c: string | undefined): string {
  if (c === undefined) return 'the end';
  if (c === ' ') return 'a space';
  if (c === '\t') return 'a tab';
  if (c === '\n' || c === '\r') return 'a line break';
  return `“${c}”`;
}

function explain(text: string, f: Failure): string {
  switch (f.kind) {
    case 'empty':
      return 'The body is empty.';
    case 'not-json':
      return 'This is plain text, not JSON (JSON starts with “{” or “[”).';
    case 'trailing-comma':
      return 'A comma with nothing after it, before the closing bracket.';
    case 'unterminated-string':
      return 'A text value whose closing quote is missing: it runs to the end of the line.';
    case 'bad-escape':
      return 'A backslash code JSON does not allow (only \\" \\\\ \\/ \\b \\f \\n \\r \\t, and \\u with four hex digits).';
    case 'control-character':
      return 'A tab or other control character inside a text value; JSON needs it written as a backslash code.';
    case 'truncated':
      return 'The body ends in the middle: it was cut off.';
    case 'unexpected':
      return `Found ${named(text[f.at])} where ${f.expected ?? 'something else'} should be.`;
  }
}

function locate(text: string, f: Failure): JsonError {
  let line = 1;
  let lineStart = 0;
  for (let j = 0; j < f.at; j++) {
    const c = text[j];
    if (c === '\n' || (c === '\r' && text[j + 1] !== '\n')) {
      line += 1;
      lineStart = j + 1;
    }
  }
  const rest = text.slice(lineStart);
  const lineEnd = rest.search(/\r\n|\r|\n/);
  const whole = lineEnd === -1 ? rest : rest.slice(0, lineEnd);
  const column = f.at - lineStart + 1;
  // A long line is shown around the error, so the caret stays on screen.
  const from = Math.max(0, column - 1 - EXCERPT_SIDE);
  const to = Math.min(whole.length, column - 1 + EXCERPT_SIDE);
  const excerpt = `${from > 0 ? '…' : ''}${whole.slice(from, to)}${to < whole.length ? '…' : ''}`;
  // Tabs stay tabs under tabs, so the caret lines up however wide they are drawn.
  const before = `${from > 0 ? '…' : ''}${whole.slice(from, column - 1)}`.replace(/[^\t]/g, ' ');
  return { kind: f.kind, offset: f.at, line, column, explanation: explain(text, f), excerpt, caret: `${before}^` };
}

/** Reads a body: its indented copy when it is valid JSON, else its first error. */
export function readJsonBody(text: string): JsonReading {
  try {
    return { ok: true, pretty: scan(text) };
  } catch (thrown) {
    if (!(thrown instanceof Stop)) throw thrown;
    // Something unexpected in a body that does not open with "{", "[" or a quote: it never was JSON.
    const first = text.search(/\S/);
    const plainText = thrown.failure.kind === 'unexpected' && !'{["'.includes(text[first] ?? '{');
    const failure: Failure = plainText ? { kind: 'not-json', at: first } : thrown.failure;
    return { ok: false, error: locate(text, failure) };
  }
}

/** "Not valid JSON: line 5, column 3" (or "Not valid JSON: the body is empty"). */
export function jsonErrorHeadline(error: JsonError): string {
  return error.kind === 'empty' ? 'Not valid JSON: the body is empty' : `Not valid JSON: line ${error.line}, column ${error.column}`;
}
