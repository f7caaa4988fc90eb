import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callCsvLine, callsCsvHeader, csvCell, csvLine, localDateTime } from '../../shared/csv';
import type { Call } from '../../shared/domain';
import { sampleCall } from './renderer-fixtures';

/** A minimal RFC 4180 reader, to check that what we write reads back as the same cells. */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let cell = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (line[i] === '"') break;
        else cell += line[i++];
      }
      cells.push(cell);
      i += 2;
    } else {
      const end = line.indexOf(',', i);
      cells.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length + 1 : end + 1;
    }
  }
  return cells;
}

describe('CSV cells', () => {
  it('neutralises spreadsheet formulas', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1 905 580')).toBe("'+1 905 580");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
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
          expect(cell).toBe(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
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
