import { describe, expect, test } from 'vitest';
import { parseCsv } from './parse-csv.js';

describe('parseCsv', () => {
  test('quoted fields hold delimiters, newlines and doubled quotes; CRLF, BOM and blank lines are handled', () => {
    const text = '\ufeffname,note,value\r\n"Smith, J","said ""hi""\nthen left",3\r\n\r\nplain,,4\n';
    const { records, lines } = parseCsv(text);
    expect(records).toEqual([
      ['name', 'note', 'value'],
      ['Smith, J', 'said "hi"\nthen left', '3'],
      ['plain', '', '4'],
    ]);
    expect(lines).toEqual([1, 2, 5]);
  });

  test('another delimiter, and no trailing newline', () => {
    expect(parseCsv('a;b\n1;2', { delimiter: ';' }).records).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  test('errors name the line and the fix', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n', { name: "CSV file 'x.csv'" })).toThrow(
      "CSV file 'x.csv': line 3 has 1 fields but line 1 has 2. Every row needs the same number of fields; quote fields that contain the delimiter.",
    );
    expect(() => parseCsv('a,b\n"1,2\n')).toThrow(/line 2 opens a quoted field that never closes/);
    expect(() => parseCsv('a', { delimiter: '"' })).toThrow(/delimiter must be one character/);
  });
});
