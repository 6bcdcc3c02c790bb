import * as tf from '@strata/core';
import { BatchReader, disposeElement, knownBatchCount, stepDataFromElement } from './batch-source.js';
import type { TensorData } from './tensor-data.js';
import type { BatchSource, StepData } from './training-types.js';

/** One batch of an epoch and how to free what was made for it. */
export interface Batch {
  data: StepData;
  release(): void;
}

/** Batches of one epoch at a time, from tensors or from a dataset: what the fit/evaluate loops iterate. */
export interface EpochBatches {
  /** Batches per epoch when known (progress bars need it). */
  readonly steps: number | undefined;
  /** The first batch without consuming it, for checks before training starts (release it after). */
  peek(): Promise<Batch | undefined>;
  startEpoch(): void;
  /** Batch `step` of the current epoch, or `undefined` when the epoch is over. */
  next(step: number): Promise<Batch | undefined>;
  endEpoch(): Promise<void>;
  /** Frees anything still held (a peeked batch, a dataset pass in progress). */
  close(): Promise<void>;
}

/** Batches cut from in-memory tensors; a new random order each epoch when `shuffle`. */
export class TensorBatches implements EpochBatches {
  readonly steps: number;
  private order: Int32Array | undefined;

  constructor(
    private readonly data: TensorData,
    private readonly batchSize: number,
    private readonly shuffle: boolean,
    steps?: number,
  ) {
    const count = data.batchCount(batchSize);
    this.steps = steps === undefined ? count : Math.min(steps, count);
  }

  async peek(): Promise<Batch | undefined> {
    // The first batch in order has the shapes of every batch.
    if (this.steps === 0) return undefined;
    const batch = this.data.batch(0, this.batchSize);
    return { data: batch.data, release: () => tf.dispose(batch.created) };
  }

  startEpoch(): void {
    if (this.shuffle) this.order = this.data.permutation();
  }

  async next(step: number): Promise<Batch | undefined> {
    if (step >= this.steps) return undefined;
    const batch = this.data.batch(step, this.batchSize, this.order);
    return { data: batch.data, release: () => tf.dispose(batch.created) };
  }

  async endEpoch(): Promise<void> {}
  async close(): Promise<void> {}
}

/** Batches from a dataset (any async iterable of `{ xs, ys }` / `[xs, ys]`); each is disposed after its step. */
export class DatasetBatches implements EpochBatches {
  readonly steps: number | undefined;
  private readonly reader: BatchReader;
  private pending: unknown;
  private hasPending = false;

  constructor(
    private readonly where: string,
    source: BatchSource,
    steps: number | undefined,
    private readonly inputNames: readonly string[] | undefined,
  ) {
    this.reader = new BatchReader(source, steps);
    const known = knownBatchCount(source);
    this.steps = steps ?? known;
  }

  async peek(): Promise<Batch | undefined> {
    if (!this.hasPending) {
      const first = await this.reader.next(0);
      if (first === undefined) return undefined;
      this.pending = first.element;
      this.hasPending = true;
    }
    // The element stays pending for next(0), which frees it after its step (or close() does).
    return { data: stepDataFromElement(this.where, this.pending, this.inputNames), release: () => {} };
  }

  startEpoch(): void {}

  async next(step: number): Promise<Batch | undefined> {
    let element: unknown;
    if (this.hasPending) {
      element = this.pending;
      this.hasPending = false;
      this.pending = undefined;
    } else {
      const read = await this.reader.next(step);
      if (read === undefined) return undefined;
      element = read.element;
    }
    try {
      return {
        data: stepDataFromElement(this.where, element, this.inputNames),
        release: () => disposeElement(element),
      };
    } catch (error) {
      disposeElement(element);
      throw error;
    }
  }

  endEpoch(): Promise<void> {
    return this.reader.endEpoch();
  }

  async close(): Promise<void> {
    if (this.hasPending) disposeElement(this.pending);
    this.hasPending = false;
    await this.reader.close();
  }
}

/** The model's input names (functional models), used to order `xs` given as an object. */
export function inputNames(model: object): string[] | undefined {
  const m = model as { inputNames?: unknown; inputs?: unknown };
  try {
    if (Array.isArray(m.inputNames)) return m.inputNames as string[];
    if (Array.isArray(m.inputs))
      return m.inputs.map((t: { sourceLayer?: { name?: string } }) => t?.sourceLayer?.name ?? '');
  } catch {
    // A getter that throws means the model has no named inputs.
  }
  return undefined;
}
