import * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import { checkSampleCounts, describe, tensorList } from './tensor-data.js';
import type { BatchSource, StepData } from './training-types.js';

/** Whether `value` is a dataset (any async iterable, e.g. `@strata/datasets`'s `Dataset`), not tensors. */
export function isBatchSource(value: unknown): value is BatchSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as BatchSource)[Symbol.asyncIterator] === 'function'
  );
}

/** Batches per pass if the dataset knows it (`Dataset.size` after `batch()`), else `undefined`. */
export function knownBatchCount(source: BatchSource): number | undefined {
  const size = source.size;
  return typeof size === 'number' && Number.isFinite(size) ? size : undefined;
}

/**
 * Turns one dataset element into a step's data. Elements are `{ xs, ys }`, `[xs, ys]` (a third item, or
 * `sampleWeight`, gives per-sample weights) or, when no targets are needed (predict), a lone tensor or `{ xs }`.
 * `xs` may be an array of tensors, or an object of them ordered by `inputNames`.
 */
export function stepDataFromElement(
  where: string,
  element: unknown,
  inputNames?: readonly string[],
): StepData {
  let x: unknown;
  let y: unknown;
  let sampleWeight: unknown;
  if (element instanceof tf.Tensor) {
    x = element;
  } else if (Array.isArray(element) && element.length >= 1 && element.length <= 3) {
    [x, y, sampleWeight] = element;
  } else if (typeof element === 'object' && element !== null && 'xs' in element) {
    ({ xs: x, ys: y, sampleWeight } = element as { xs: unknown; ys?: unknown; sampleWeight?: unknown });
  } else {
    throw new InvalidArgumentError(
      `${where}: each dataset element must be a batch { xs, ys } or [xs, ys] of tensors whose first axis is the ` +
        `batch, got ${describe(element)}${elementKeys(element)}. With @strata/datasets, build it as ` +
        'Dataset.fromTensors({ xs, ys }).batch(32).',
    );
  }
  if (isPlainObject(x)) x = byInputName(where, x, inputNames);
  const xs = tensorList(where, 'xs', x);
  const ys = y === undefined || y === null ? undefined : tensorList(where, 'ys', y);
  const ws =
    sampleWeight === undefined || sampleWeight === null
      ? undefined
      : tensorList(where, 'sampleWeight', sampleWeight);
  checkSampleCounts(`${where} (in a dataset batch)`, [
    ['xs', xs, Array.isArray(x)],
    ['ys', ys ?? [], Array.isArray(y)],
    ['sampleWeight', ws ?? [], Array.isArray(sampleWeight)],
  ]);
  const data: StepData = { x: Array.isArray(x) ? xs : xs[0]! };
  if (ys !== undefined) data.y = Array.isArray(y) ? ys : ys[0]!;
  if (ws !== undefined) data.sampleWeight = Array.isArray(sampleWeight) ? ws : ws[0]!;
  return data;
}

/** Frees a dataset element once its step ran: its own `[Symbol.dispose]` if it has one, else every tensor in it. */
export function disposeElement(element: unknown): void {
  if (
    typeof element === 'object' &&
    element !== null &&
    typeof (element as Disposable)[Symbol.dispose] === 'function'
  ) {
    (element as Disposable)[Symbol.dispose]();
    return;
  }
  tf.dispose(element as tf.TensorContainer);
}

/**
 * Reads batches from a dataset across epochs. Without `steps` each epoch is one full pass (a new iteration);
 * with `steps` an epoch takes that many batches and the next epoch continues the same pass, starting a new one
 * when it runs out (as tfjs-layers' fitDataset does).
 */
export class BatchReader {
  private iterator: AsyncIterator<unknown> | undefined;

  constructor(
    private readonly source: BatchSource,
    private readonly steps: number | undefined,
  ) {}

  /** The next element of this epoch, or `undefined` when the epoch is over. */
  async next(stepInEpoch: number): Promise<{ element: unknown } | undefined> {
    if (this.steps !== undefined && stepInEpoch >= this.steps) return undefined;
    if (this.iterator === undefined) this.iterator = this.source[Symbol.asyncIterator]();
    let result = await this.iterator.next();
    if (result.done) {
      this.iterator = undefined;
      // Without `steps` the pass is the epoch; with `steps`, start a new pass unless this one just started.
      if (this.steps === undefined || stepInEpoch === 0) return undefined;
      this.iterator = this.source[Symbol.asyncIterator]();
      result = await this.iterator.next();
      if (result.done) {
        this.iterator = undefined;
        return undefined;
      }
    }
    return { element: result.value };
  }

  /** Called at the end of each epoch: without `steps` the next epoch starts a new pass. */
  endEpoch(): Promise<void> {
    return this.steps === undefined ? this.close() : Promise.resolve();
  }

  /** Stops the pass early (e.g. stopTraining), so the dataset frees what it prefetched. */
  async close(): Promise<void> {
    const iterator = this.iterator;
    this.iterator = undefined;
    await iterator?.return?.();
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || value instanceof tf.Tensor || Array.isArray(value))
    return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function byInputName(where: string, xs: Record<string, unknown>, inputNames?: readonly string[]): unknown[] {
  const keys = Object.keys(xs);
  if (inputNames === undefined || inputNames.length !== keys.length || !inputNames.every((n) => n in xs)) {
    throw new InvalidArgumentError(
      `${where}: xs is an object with keys ${JSON.stringify(keys)}, but ` +
        (inputNames === undefined
          ? 'this model has no named inputs.'
          : `the model's inputs are named ${JSON.stringify(inputNames)}.`) +
        ' Pass xs as an array of tensors in the order of the model inputs, or name the keys after them.',
    );
  }
  return inputNames.map((n) => xs[n]);
}

function elementKeys(element: unknown): string {
  if (
    typeof element !== 'object' ||
    element === null ||
    Array.isArray(element) ||
    element instanceof tf.Tensor
  )
    return '';
  return ` with keys ${JSON.stringify(Object.keys(element))}`;
}
