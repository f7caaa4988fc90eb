import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callCsvLine, callsCsvHeader, csvCell, csvLine, localDateTime } from '../../shared/csv';
import type { Call } from '../../shared/domain';
import { sampleCall } from './renderer-fixtures';

/**
 * A minimal reader: RFC 4180 with a comma, or what a semicolon-locale spreadsheet does with the same line (splits
 * on ";", and a quote counts only at the start of one of its cells; after the closing quote the text runs on).
 */
function parseCsvLine(line: string, separator = ','): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  let atStart = true;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === separator) {
      cells.push(cell);
      cell = '';
      atStart = true;
      continue;
    } else if (ch === '"' && atStart) quoted = true;
    else cell += ch;
    atStart = false;
  }
  cells.push(cell);
  return cells;
}

/** Where a semicolon-locale reader starts a cell: each of its cells, split again at line breaks it does not see quoted. */
function semicolonCellStarts(line: string): string[] {
  return parseCsvLine(line, ';').flatMap((cell) => cell.split(/\r\n|\r|\n/));
}

describe('CSV cells', () => {
  it('neutralises spreadsheet formulas', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1 905 580')).toBe("'+1 905 580");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe(`"'\tcmd"`);
    expect(csvCell('\r=1')).toBe(`"'\r'=1"`);
  });

  it('leaves ordinary text and numbers alone', () => {
    expect(csvCell('John Smith')).toBe('John Smith');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('Lansing, MI')).toBe('"Lansing, MI"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a\nb')).toBe('"a\nb"');
  });

  it('quotes semicolons and tabs, which other locales split on', () => {
    expect(csvCell('Bob;1+1')).toBe('"Bob;1+1"');
    expect(csvCell('Bob\t1+1')).toBe('"Bob\t1+1"');
    expect(parseCsvLine(csvLine(['Bob;1+1', 'Lansing']).trimEnd(), ';')).toEqual(['Bob;1+1,Lansing']);
    expect(csvCell('Bob;=1+1 and ;-x')).toBe(`"Bob;'=1+1 and ;'-x"`);
    expect(semicolonCellStarts(csvLine([1, 'Bob;=1+1']))).toEqual(['1,"Bob', '\'=1+1"', '']);
  });

  it('never lets a semicolon reader see a cell that starts a formula', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', ';', ',', '=', '+', '-', '@', '"', '\t', '\r', '\n', ' ') }), { minLength: 1, maxLength: 6 }),
        (values) => {
          for (const cell of semicolonCellStarts(csvLine(values).slice(0, -2))) expect(/^[=+\-@]/.test(cell)).toBe(false);
        },
      ),
    );
  });

  it('round-trips any text, and no cell read back starts a formula', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme-ascii' }), { minLength: 1, maxLength: 6 }), (values) => {
        const line = csvLine(values);
        expect(line.endsWith('\r\n')).toBe(true);
        const cells = parseCsvLine(line.slice(0, -2));
        expect(cells).toHaveLength(values.length);
        cells.forEach((cell, i) => {
          expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
          const value = values[i]!;
          const leading = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
          expect(cell).toBe(leading.replace(/([;\t\r\n]"*)([=+\-@])/g, "$1'$2"));
        });
      }),
    );
  });
});

describe('call rows', () => {
  it('have one cell per header column, with the formula in a caller name neutralised', () => {
    const call: Call = { ...sampleCall(), callerName: '=cmd|" /C calc"!A0', callerCity: 'Lansing, MI' };
    const header = parseCsvLine(callsCsvHeader().trimEnd());
    const row = parseCsvLine(callCsvLine(call, 'America/Toronto').trimEnd());
    expect(row).toHaveLength(header.length);
    const cell = (name: string) => row[header.indexOf(name)];
    expect(cell('Caller name')).toBe(`'=cmd|" /C calc"!A0`);
    expect(cell('City')).toBe('Lansing, MI');
    expect(cell('Caller number')).toBe('(905) 555-2955');
    expect(cell('Started')).toBe('2019-11-15 09:09:54');
    expect(cell('Started (UTC)')).toBe('2019-11-15T14:09:54.000Z');
    expect(cell('Outcome')).toBe('answered');
  });

  it('formats local times in the given zone, DST included', () => {
    expect(localDateTime('2016-05-04T17:17:24.000Z', 'America/Toronto')).toBe('2016-05-04 13:17:24');
    expect(localDateTime('2019-11-15T14:09:54.000Z', 'America/Toronto')).toBe('2019-11-15 09:09:54');
    expect(localDateTime(null)).toBeNull();
    expect(localDateTime('not a date')).toBeNull();
  });
});
