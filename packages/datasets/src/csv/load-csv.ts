import * as tf from '@strata/core';
import { InvalidArgumentError, LoadError, type Tensor, type Tensor2D, UnknownNameError } from '@strata/core';
import { gunzip, isGzip } from '../io/gunzip.js';
import { readSource, type Source } from '../io/read-source.js';
import { Dataset } from '../pipeline/dataset.js';
import { parseCsv } from './parse-csv.js';

/** A column by header name or by 0-based index. */
export type CsvColumn = string | number;

export interface LoadCsvOptions {
  /** The label column(s): one gives labels `[n]`, several give `[n, k]`. */
  label: CsvColumn | readonly CsvColumn[];
  /** The feature columns, in order. Default: every column that is not a label. */
  features?: readonly CsvColumn[];
  /** The first row names the columns. Default: `true`. */
  header?: boolean;
  /** Field separator. Default: `','`. */
  delimiter?: string;
  /** `'tensors'` (default) returns features/labels tensors; `'dataset'` a Dataset of `{ xs, ys }` rows. */
  as?: 'tensors' | 'dataset';
}

/** What both forms of loadCsv() report about the columns. */
export interface CsvColumns {
  featureNames: string[];
  labelNames: string[];
  /**
   * For a text label column: the class names, sorted; labels are int32 indices into this list. `null` when the
   * labels are numbers (then float32, used as they are).
   */
  classes: string[] | null;
}

/** loadCsv() with `as: 'tensors'`: owns its two tensors; free them with `dispose()` or `using`. */
export interface CsvTensors extends CsvColumns, Disposable {
  /** float32 `[n, features]`. */
  features: Tensor2D;
  /** float32 `[n]` / `[n, k]`, or int32 class indices `[n]` for a text label column. */
  labels: Tensor;
  dispose(): void;
}

/** loadCsv() with `as: 'dataset'`: rows as elements `{ xs: [features], ys: label }`, kept in host memory. */
export interface CsvDataset extends CsvColumns {
  dataset: Dataset<{ xs: Tensor; ys: Tensor }>;
}

/**
 * Loads a CSV file of your own data (a path under Node, a URL anywhere, or `{ text }`) into features and labels.
 * Feature cells must be numbers; a label column may hold numbers or class names. Errors name the line and
 * column of the first bad cell (missing value, text in a feature column).
 *
 * @example
 * using iris = await loadCsv('iris.csv', { label: 'species' });
 * iris.features.shape; // [150, 4]
 * iris.classes; // ['setosa', 'versicolor', 'virginica']
 */
export async function loadCsv(
  source: Source | { text: string },
  options: LoadCsvOptions & { as: 'dataset' },
): Promise<CsvDataset>;
export async function loadCsv(
  source: Source | { text: string },
  options: LoadCsvOptions & { as?: 'tensors' },
): Promise<CsvTensors>;
export async function loadCsv(
  source: Source | { text: string },
  options: LoadCsvOptions,
): Promise<CsvTensors | CsvDataset> {
  if (options?.label === undefined) {
    throw new InvalidArgumentError(
      "loadCsv() needs { label }: the name or index of the label column, e.g. { label: 'y' }.",
    );
  }
  if (options.as !== undefined && options.as !== 'tensors' && options.as !== 'dataset') {
    throw new UnknownNameError('loadCsv() as', String(options.as), ['tensors', 'dataset']);
  }
  const name = typeof source === 'object' && 'text' in source ? 'CSV text' : `CSV file '${String(source)}'`;
  const text = typeof source === 'object' && 'text' in source ? source.text : await readText(source);
  const { records, lines } = parseCsv(text, { delimiter: options.delimiter, name });
  const header = options.header ?? true;
  const width = records[0]?.length ?? 0;
  const names = header ? (records[0] ?? []) : Array.from({ length: width }, (_, i) => `column ${i}`);
  const rows = header ? records.slice(1) : records;
  const rowLines = header ? lines.slice(1) : lines;
  if (rows.length === 0) {
    throw new LoadError(
      `${name} has no data rows${header ? ' after the header' : ''}. Check the file and { header }.`,
    );
  }
  const resolve = (column: CsvColumn) => resolveColumn(name, column, names, header);
  const labelColumns = (Array.isArray(options.label) ? options.label : [options.label]).map(resolve);
  const featureColumns = (
    options.features ?? names.map((_, i) => i).filter((i) => !labelColumns.includes(i))
  ).map(resolve);
  if (featureColumns.length === 0) {
    throw new InvalidArgumentError(`loadCsv(): ${name} has no feature columns left after the label columns.`);
  }

  const n = rows.length;
  const cell = (r: number, c: number) => `line ${rowLines[r]}, column '${names[c]}'`;
  const features = new Float32Array(n * featureColumns.length);
  rows.forEach((row, r) => {
    featureColumns.forEach((c, j) => {
      features[r * featureColumns.length + j] = parseNumber(name, row[c]!, cell(r, c), 'feature');
    });
  });
  const textLabels =
    labelColumns.length === 1 &&
    rows.some((row) => row[labelColumns[0]!]!.trim() !== '' && !isNumeric(row[labelColumns[0]!]!));
  let labels: Float32Array | Int32Array;
  let classes: string[] | null = null;
  if (textLabels) {
    const c = labelColumns[0]!;
    rows.forEach((row, r) => {
      if (row[c]!.trim() === '') throw missing(name, cell(r, c));
    });
    classes = [...new Set(rows.map((row) => row[c]!.trim()))].sort();
    const index = new Map(classes.map((k, i) => [k, i]));
    labels = Int32Array.from(rows, (row) => index.get(row[c]!.trim())!);
  } else {
    labels = new Float32Array(n * labelColumns.length);
    rows.forEach((row, r) => {
      labelColumns.forEach((c, j) => {
        labels[r * labelColumns.length + j] = parseNumber(name, row[c]!, cell(r, c), 'label');
      });
    });
  }
  const columns: CsvColumns = {
    featureNames: featureColumns.map((c) => names[c]!),
    labelNames: labelColumns.map((c) => names[c]!),
    classes,
  };
  const labelShape = labelColumns.length === 1 ? [n] : [n, labelColumns.length];
  const featureTensor = tf.tensor2d(features, [n, featureColumns.length]);
  const labelTensor = tf.tensor(labels, labelShape, textLabels ? 'int32' : 'float32');
  if (options.as === 'dataset') {
    const dataset = Dataset.fromTensors({ xs: featureTensor, ys: labelTensor });
    // fromTensors has started reading the values to the host; the tensors are not needed after that.
    tf.dispose([featureTensor, labelTensor]);
    return { ...columns, dataset };
  }
  const dispose = () => tf.dispose([featureTensor, labelTensor]);
  return { ...columns, features: featureTensor, labels: labelTensor, dispose, [Symbol.dispose]: dispose };
}

async function readText(source: Source): Promise<string> {
  const raw = await readSource(source, 'CSV file');
  if (!raw) throw new LoadError(`CSV file '${String(source)}' does not exist. Check the path or URL.`);
  const bytes = isGzip(raw) ? await gunzip(raw, String(source)) : raw;
  return new TextDecoder().decode(bytes);
}

function resolveColumn(name: string, column: CsvColumn, names: readonly string[], header: boolean): number {
  if (typeof column === 'number') {
    if (Number.isInteger(column) && column >= 0 && column < names.length) return column;
    throw new InvalidArgumentError(
      `loadCsv(): column index ${column} is out of range: ${name} has ${names.length} columns (0 to ${names.length - 1}).`,
    );
  }
  const index = names.indexOf(column);
  if (index >= 0 && header) return index;
  throw new UnknownNameError(
    'column',
    column,
    header ? names : [],
    header
      ? `${name} has no such column: use one of its header names, or a 0-based column index.`
      : `${name} is read with { header: false }: name columns by 0-based index.`,
  );
}

const numberPattern = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(Infinity|NaN)$/;

function isNumeric(text: string): boolean {
  return numberPattern.test(text.trim());
}

function parseNumber(name: string, text: string, where: string, role: 'feature' | 'label'): number {
  const trimmed = text.trim();
  if (trimmed === '') throw missing(name, where);
  if (!numberPattern.test(trimmed)) {
    throw new LoadError(
      `${name}, ${where}: '${trimmed}' is not a number. ${
        role === 'feature'
          ? 'Feature columns must be numeric: leave this column out with { features: [...] }, or encode it as numbers first.'
          : 'With several label columns every label must be numeric; a single label column may hold class names.'
      }`,
    );
  }
  return Number(trimmed);
}

function missing(name: string, where: string): LoadError {
  return new LoadError(
    `${name}, ${where}: the value is missing. Fill it in or remove the row before loading.`,
  );
}
