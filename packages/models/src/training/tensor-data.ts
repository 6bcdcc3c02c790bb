import * as tf from '@strata/core';
import { formatShapeCode, InvalidArgumentError } from '@strata/core';
import type { ModelInputs, ModelTargets, StepData } from './training-types.js';

/** One batch cut from in-memory tensors, and the tensors the cut created (the caller disposes those). */
export interface TensorBatch {
  data: StepData;
  created: tf.Tensor[];
  size: number;
}

/**
 * In-memory `x`, `y` and sample weights, checked once (same number of samples everywhere, tensors only), cut
 * into batches by `slice` (in order) or `gather` (shuffled). It does not own the user's tensors; the ones it
 * makes itself (e.g. for `validationSplit`) are freed by `dispose()`.
 */
export class TensorData {
  readonly numSamples: number;
  private readonly xs: tf.Tensor[];
  private readonly ys: tf.Tensor[] | undefined;
  private readonly weights: tf.Tensor[] | undefined;
  private readonly xIsList: boolean;
  private readonly yIsList: boolean;
  private readonly weightIsList: boolean;
  private readonly owned: tf.Tensor[];
  private readonly hostCache = new Map<tf.Tensor, tf.TypedArray>();

  constructor(
    readonly where: string,
    x: ModelInputs,
    y?: ModelTargets,
    sampleWeight?: tf.Tensor | tf.Tensor[],
    owned: tf.Tensor[] = [],
  ) {
    this.xs = tensorList(where, 'x', x);
    this.ys = y === undefined ? undefined : tensorList(where, 'y', y);
    this.weights = sampleWeight === undefined ? undefined : tensorList(where, 'sampleWeight', sampleWeight);
    this.xIsList = Array.isArray(x);
    this.yIsList = Array.isArray(y);
    this.weightIsList = Array.isArray(sampleWeight);
    this.owned = owned;
    this.numSamples = checkSampleCounts(where, [
      ['x', this.xs, this.xIsList],
      ['y', this.ys ?? [], this.yIsList],
      ['sampleWeight', this.weights ?? [], this.weightIsList],
    ]);
  }

  get hasTargets(): boolean {
    return this.ys !== undefined;
  }

  batchCount(batchSize: number): number {
    return Math.ceil(this.numSamples / batchSize);
  }

  /** A new random order of the samples (Fisher–Yates with Math.random, as Keras shuffles with numpy). */
  permutation(): Int32Array {
    const order = new Int32Array(this.numSamples);
    for (let i = 0; i < order.length; i++) order[i] = i;
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    return order;
  }

  /** Batch `index` of `batchSize` samples, taken in `order` if given, else in sequence. */
  batch(index: number, batchSize: number, order?: Int32Array): TensorBatch {
    const start = index * batchSize;
    const end = Math.min(start + batchSize, this.numSamples);
    const size = end - start;
    if (order === undefined && start === 0 && end === this.numSamples) {
      // The whole data set is one batch: use the tensors as they are (nothing to free afterwards).
      return { data: this.assemble(this.xs, this.ys, this.weights), created: [], size };
    }
    const created: tf.Tensor[] = [];
    const rows = order?.subarray(start, end);
    let indices: tf.Tensor | undefined;
    const cut = (t: tf.Tensor) => {
      let part: tf.Tensor;
      if (rows === undefined) {
        part = tf.slice(t, start, size);
      } else {
        const host = this.hostValues(t);
        if (host !== undefined) {
          part = gatherRows(t, host, rows);
        } else {
          indices ??= tf.tensor1d(rows, 'int32');
          part = tf.gather(t, indices);
        }
      }
      created.push(part);
      return part;
    };
    const data = this.assemble(this.xs.map(cut), this.ys?.map(cut), this.weights?.map(cut));
    indices?.dispose();
    return { data, created, size };
  }

  /**
   * On the cpu backend, the tensor's values (no copy: the backend's own array), read once per fit; else
   * `undefined`. Shuffled batches are then copied row by row in JavaScript: tfjs-backend-cpu's gather computes
   * coordinates per element, ~2 ms for 32 MNIST rows, where copying the rows takes ~10 µs.
   */
  private hostValues(t: tf.Tensor): tf.TypedArray | undefined {
    if (tf.getBackend() !== 'cpu' || t.dtype === 'string') return undefined;
    let values = this.hostCache.get(t);
    if (values === undefined) {
      values = t.dataSync() as tf.TypedArray;
      this.hostCache.set(t, values);
    }
    return values;
  }

  /**
   * Splits off the last `fraction` of the samples (before any shuffling, as Keras does) as validation data.
   * Both halves own their slices.
   */
  split(fraction: number): [train: TensorData, validation: TensorData] {
    const splitAt = Math.floor(this.numSamples * (1 - fraction));
    if (splitAt <= 0 || splitAt >= this.numSamples) {
      throw new InvalidArgumentError(
        `${this.where}: validationSplit ${fraction} of ${this.numSamples} samples leaves ` +
          `${splitAt} for training and ${this.numSamples - splitAt} for validation. Use more samples or a ` +
          'validationSplit that leaves at least one sample on each side.',
      );
    }
    const cut = (from: number, size: number) => (list: tf.Tensor[] | undefined) =>
      list?.map((t) => tf.slice(t, from, size));
    const first = cut(0, splitAt);
    const rest = cut(splitAt, this.numSamples - splitAt);
    const parts = (xs?: tf.Tensor[], ys?: tf.Tensor[], ws?: tf.Tensor[]) =>
      new TensorData(
        this.where,
        this.xIsList ? xs! : xs![0]!,
        ys === undefined ? undefined : this.yIsList ? ys : ys[0],
        ws === undefined ? undefined : this.weightIsList ? ws : ws[0],
        [...xs!, ...(ys ?? []), ...(ws ?? [])],
      );
    return [
      parts(first(this.xs), first(this.ys), first(this.weights)),
      parts(rest(this.xs), rest(this.ys), rest(this.weights)),
    ];
  }

  dispose(): void {
    tf.dispose(this.owned);
  }

  private assemble(xs: tf.Tensor[], ys?: tf.Tensor[], ws?: tf.Tensor[]): StepData {
    const data: StepData = { x: this.xIsList ? xs : xs[0]! };
    if (ys !== undefined) data.y = this.yIsList ? ys : ys[0]!;
    if (ws !== undefined) data.sampleWeight = this.weightIsList ? ws : ws[0]!;
    return data;
  }
}

/** Rows `rows` of `t` (whose values are `values`) as a new tensor, copied with `TypedArray.set`. */
function gatherRows(t: tf.Tensor, values: tf.TypedArray, rows: Int32Array): tf.Tensor {
  const rowSize = t.shape.slice(1).reduce((a, b) => a * b, 1);
  const out = new (values.constructor as new (length: number) => tf.TypedArray)(rows.length * rowSize);
  for (let k = 0; k < rows.length; k++) {
    const from = rows[k]! * rowSize;
    out.set(values.subarray(from, from + rowSize), k * rowSize);
  }
  return tf.tensor(out, [rows.length, ...t.shape.slice(1)], t.dtype);
}

/** `value` as a list of tensors, or a clear error naming the argument. */
export function tensorList(where: string, what: string, value: unknown): tf.Tensor[] {
  const list = Array.isArray(value) ? value : [value];
  const bad = list.findIndex((t) => !(t instanceof tf.Tensor));
  if (list.length === 0 || bad >= 0) {
    const got = list.length === 0 ? 'an empty array' : describe(list[bad]);
    const index = Array.isArray(value) && list.length > 0 ? `[${bad}]` : '';
    const perModel =
      what === 'x'
        ? ' (or an array of Tensors, one per model input)'
        : what === 'y'
          ? ' (or an array of Tensors, one per model output)'
          : '';
    throw new InvalidArgumentError(
      `${where}: ${what}${index} must be a Tensor${perModel}, got ${got}. Convert JavaScript arrays with tf.tensor(...) first.`,
    );
  }
  const disposed = list.findIndex((t) => (t as tf.Tensor).isDisposed);
  if (disposed >= 0) {
    throw new InvalidArgumentError(
      `${where}: ${what}${Array.isArray(value) ? `[${disposed}]` : ''} was disposed.`,
    );
  }
  const scalar = list.findIndex((t) => (t as tf.Tensor).rank === 0);
  if (scalar >= 0) {
    throw new InvalidArgumentError(
      `${where}: ${what}${Array.isArray(value) ? `[${scalar}]` : ''} is a scalar; its first axis must be the ` +
        'samples. Pass a tensor of shape [numSamples, ...].',
    );
  }
  return list as tf.Tensor[];
}

/** The common sample count (first axis) of every tensor, or an error naming the two that disagree. */
export function checkSampleCounts(
  where: string,
  groups: Array<[name: string, tensors: tf.Tensor[], isList: boolean]>,
): number {
  let reference: [string, tf.Tensor] | undefined;
  for (const [name, tensors, isList] of groups) {
    tensors.forEach((t, i) => {
      const label = isList ? `${name}[${i}]` : name;
      if (reference === undefined) {
        reference = [label, t];
        return;
      }
      if (t.shape[0] !== reference[1].shape[0]) {
        throw new InvalidArgumentError(
          `${where}: ${reference[0]} has ${reference[1].shape[0]} samples (shape ${formatShapeCode(reference[1].shape)}) ` +
            `but ${label} has ${t.shape[0]} (shape ${formatShapeCode(t.shape)}). The first axis counts samples: ` +
            `give ${reference[0]} and ${label} one row per sample, the same number of rows.`,
        );
      }
    });
  }
  return reference?.[1].shape[0] ?? 0;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'Object'})`;
  return typeof value;
}
