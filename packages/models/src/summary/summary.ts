import * as tf from '@strata/core';
import { formatShape, type Shape } from '@strata/core';
import type { Layer, WeightInfo } from '@strata/layers';
import { type Align, renderTable } from './table.js';

export interface SummaryOptions {
  /**
   * Builds an unbuilt model first, on a dummy batch of this shape (batch axis `null`; a list of shapes for several
   * inputs), in inference mode: no training state changes.
   */
  inputShape?: Shape | Shape[];
  /** Called with each line. Default: `console.log`. */
  printFn?: (line: string) => void;
  /** Width of the table. Default: 88, or 108 with the `Connected to` column (as Keras). */
  lineLength?: number;
  /** Right edge of each column as a fraction of `lineLength`. Default: `[0.45, 0.8, 1]`, or `[0.3, 0.56, 0.74, 1]`. */
  positions?: number[];
  /** Also list the layers inside nested models and layers, indented under them. Default: `false`. */
  expandNested?: boolean;
}

/** One row of the table: a layer, its output shape in this model, and (for graph models) its inbound connections. */
export interface SummaryEntry {
  layer: Layer;
  outputShape: Shape | Shape[] | undefined;
  /** `input_layer[0][0]`: the layer, node and output index of each input of the layer's calls. */
  connections?: string[];
}

/** What `formatSummary` needs of a model (Model implements it). */
export interface Summarizable {
  readonly name: string;
  weightInfo(): WeightInfo[];
  summaryEntries(): SummaryEntry[];
  summaryIsSequentialLike(): boolean;
}

/**
 * The summary text, Keras 3 style:
 * ```
 * Model: "mnist_model"
 * ┏━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━━━━━━━┓
 * ┃ Layer (type)         ┃ Output Shape   ┃  Param # ┃
 * ...
 *  Total params: 101,770 (397.54 KB)
 * ```
 */
export function formatSummary(model: Summarizable, options: SummaryOptions = {}): string {
  const sequentialLike = model.summaryIsSequentialLike();
  const header = sequentialLike
    ? ['Layer (type)', 'Output Shape', 'Param #']
    : ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'];
  const align: Align[] = sequentialLike ? ['left', 'left', 'right'] : ['left', 'left', 'right', 'left'];
  const lineLength = options.lineLength ?? (sequentialLike ? 88 : 108);
  const positions = options.positions ?? (sequentialLike ? [0.45, 0.8, 1] : [0.3, 0.56, 0.74, 1]);
  if (positions.length !== header.length) {
    throw new RangeError(
      `summary: positions needs ${header.length} values (one per column), got ${positions.length}.`,
    );
  }

  const rows: string[][][] = [];
  const addRows = (entries: SummaryEntry[], level: number) => {
    for (const entry of entries) {
      const prefix = level > 0 ? `${'   '.repeat(level)}└ ` : '';
      const cells = [
        [`${prefix}${entry.layer.name} (${classNameOf(entry.layer)})`],
        [formatOutputShape(entry.outputShape)],
        [formatParams(entry.layer)],
      ];
      if (!sequentialLike) cells.push(entry.connections?.length ? entry.connections : ['-']);
      rows.push(cells);
      if (options.expandNested) addRows(nestedEntries(entry.layer), level + 1);
    }
  };
  addRows(model.summaryEntries(), 0);

  const weights = model.weightInfo();
  const trainable = weights.filter((w) => w.trainable);
  const nonTrainable = weights.filter((w) => !w.trainable);
  const lines = [
    `Model: "${model.name}"`,
    ...renderTable(header, rows, { lineLength, positions, align }),
    ` Total params: ${formatCount(weights)}`,
    ` Trainable params: ${formatCount(trainable)}`,
    ` Non-trainable params: ${formatCount(nonTrainable)}`,
  ];
  return lines.join('\n');
}

/** `(None, 128)`; several outputs as `[(None, 2), (None, 3)]`; `?` before the layer has run. */
export function formatOutputShape(shape: Shape | Shape[] | undefined): string {
  if (shape === undefined) return '?';
  if (shape.length > 0 && Array.isArray(shape[0]))
    return `[${(shape as Shape[]).map(formatShape).join(', ')}]`;
  return formatShape(shape as Shape);
}

/** `101,770 (397.54 KB)`: the number of scalars and their size in memory, as Keras 3 prints them. */
function formatCount(weights: WeightInfo[]): string {
  let count = 0;
  let bytes = 0;
  for (const { variable } of weights) {
    count += variable.size;
    bytes += variable.size * bytesPerElement(variable.dtype);
  }
  return `${withThousands(count)} (${readableSize(bytes)})`;
}

/** Keras's `readable_memory_size`: 1024-based units, two decimals: `397.54 KB`, `0.00 B`. */
export function readableSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  for (const unit of units) {
    if (size / 1024 < 1) return `${size.toFixed(2)} ${unit}`;
    size /= 1024;
  }
  return `${size.toFixed(2)} PB`;
}

function bytesPerElement(dtype: tf.DataType): number {
  if (dtype === 'string') return 0;
  return tf.util.bytesPerElement(dtype);
}

function formatParams(layer: Layer): string {
  // Keras 3 shows layers that never ran (so have no weights yet) as `0 (unbuilt)`.
  if (!layer.built) return '0 (unbuilt)';
  return withThousands(layer.countParams());
}

function classNameOf(layer: Layer): string {
  return (layer.constructor as { className?: string }).className ?? layer.constructor.name;
}

function nestedEntries(layer: Layer): SummaryEntry[] {
  const summarizable = layer as Partial<Summarizable>;
  if (typeof summarizable.summaryEntries === 'function') return summarizable.summaryEntries();
  return layer.trackedLayers().map(({ layer: child }) => ({ layer: child, outputShape: child.outputShape }));
}

/** `101770` → `101,770` (Python's `f"{n:,}"`), independent of the runtime's locale data. */
export function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
