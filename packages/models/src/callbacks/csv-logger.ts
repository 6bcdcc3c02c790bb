import { InvalidArgumentError } from '@strata/core';
import { Callback, type Logs } from './callback.js';

export interface CSVLoggerArgs {
  /** Default: `','`. */
  separator?: string;
  /** Append to an existing file (writing the header only if it is empty) instead of overwriting. Default: `false`. */
  append?: boolean;
}

type FileHandle = { write(data: string): Promise<unknown>; close(): Promise<void> };
type Fs = {
  open(path: string, flags: string): Promise<FileHandle>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
};

/**
 * Writes one CSV row per epoch (Keras `CSVLogger`; Node only): `epoch` (0-based) then the log keys in sorted
 * order, fixed by the first epoch (plus `val_*` columns for each key when the first epoch had none, since
 * validation may start later); missing values are written as `NA`. The header is written unless appending to a
 * non-empty file. Rows are written as they come, so the file survives a crash.
 * @example new CSVLogger('training.csv', { append: true });
 */
export class CSVLogger extends Callback {
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  private keys: string[] | undefined;
  private file: FileHandle | undefined;
  private writeHeader = true;

  constructor(filename: string, args: CSVLoggerArgs = {}) {
    super();
    if (typeof filename !== 'string' || filename === '') {
      throw new InvalidArgumentError(`CSVLogger needs a file name, e.g. new CSVLogger('training.csv').`);
    }
    this.filename = filename;
    this.separator = args.separator ?? ',';
    this.append = args.append ?? false;
  }

  override async onTrainBegin(): Promise<void> {
    const fs = await loadFs();
    this.keys = undefined;
    this.writeHeader = true;
    if (this.append) {
      const existing = await fs.readFile(this.filename, 'utf8').catch(() => '');
      this.writeHeader = existing.split('\n')[0].length === 0;
    }
    this.file = await fs.open(this.filename, this.append ? 'a' : 'w');
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    if (this.file === undefined) {
      throw new InvalidArgumentError(
        `CSVLogger('${this.filename}') got an epoch before onTrainBegin; it opens its file there (fit() calls it).`,
      );
    }
    if (this.keys === undefined) {
      this.keys = Object.keys(logs).sort();
      if (!this.keys.some((k) => k.startsWith('val_'))) this.keys.push(...this.keys.map((k) => `val_${k}`));
    }
    let text = '';
    if (this.writeHeader) {
      text += `${['epoch', ...this.keys].map((k) => this.quote(k)).join(this.separator)}\n`;
      this.writeHeader = false;
    }
    const row = [String(epoch), ...this.keys.map((k) => (logs[k] === undefined ? 'NA' : String(logs[k])))];
    await this.file.write(`${text}${row.join(this.separator)}\n`);
  }

  override async onTrainEnd(): Promise<void> {
    await this.file?.close();
    this.file = undefined;
  }

  // Excel-dialect quoting, as Python's csv module does.
  private quote(field: string): string {
    return /[",\n\r]/.test(field) || field.includes(this.separator)
      ? `"${field.replace(/"/g, '""')}"`
      : field;
  }
}

async function loadFs(): Promise<Fs> {
  try {
    // Imported lazily, through a variable, so browser bundles neither resolve nor include node:fs.
    const specifier = 'node:fs/promises';
    return (await import(/* @vite-ignore */ specifier)) as Fs;
  } catch (cause) {
    throw new InvalidArgumentError(
      'CSVLogger writes a file and needs Node (node:fs). In a browser, use a LambdaCallback that collects ' +
        'the logs instead.',
      { cause },
    );
  }
}
