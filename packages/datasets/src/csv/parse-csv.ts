import { LoadError } from '@strata/core';

export interface ParseCsvOptions {
  /** Field separator. Default: `','`. */
  delimiter?: string;
  /** Names errors, e.g. the file. Default: `'CSV data'`. */
  name?: string;
}

/** Parsed CSV: the records as strings, and the line each record starts on (for error messages). */
export interface CsvRecords {
  records: string[][];
  lines: number[];
}

/**
 * Splits CSV text into records (RFC 4180): quoted fields may hold the delimiter, newlines and doubled quotes
 * (`""`); LF and CRLF line ends; a byte-order mark and blank lines are ignored. Every record must have as many
 * fields as the first; otherwise a LoadError names the line.
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): CsvRecords {
  const delimiter = options.delimiter ?? ',';
  const name = options.name ?? 'CSV data';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new LoadError(
      `${name}: the delimiter must be one character other than a quote or newline, got '${delimiter}'.`,
    );
  }
  const records: string[][] = [];
  const lines: number[] = [];
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const startLine = line;
    const record: string[] = [];
    let field = '';
    let endOfRecord = false;
    while (!endOfRecord) {
      if (text[i] === '"') {
        // Quoted field: runs to the next lone quote.
        i++;
        while (true) {
          if (i >= text.length) {
            throw new LoadError(
              `${name}: line ${startLine} opens a quoted field that never closes. Close the quote, or double ` +
                'quotes inside a field ("").',
            );
          }
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
      }
      // Unquoted part (or what follows a closing quote) up to the delimiter or the end of the line.
      while (i < text.length && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r')
        field += text[i++];
      record.push(field);
      field = '';
      if (text[i] === delimiter) {
        i++;
      } else {
        if (text[i] === '\r') i++;
        if (text[i] === '\n') i++;
        line++;
        endOfRecord = true;
      }
    }
    const blank = record.length === 1 && record[0]!.trim() === '';
    if (!blank) {
      if (records.length > 0 && record.length !== records[0]!.length) {
        throw new LoadError(
          `${name}: line ${startLine} has ${record.length} fields but line ${lines[0]} has ${records[0]!.length}. ` +
            'Every row needs the same number of fields; quote fields that contain the delimiter.',
        );
      }
      records.push(record);
      lines.push(startLine);
    }
  }
  return { records, lines };
}
