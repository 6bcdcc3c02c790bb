import * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import { DatasetBatches, inputNames } from './epoch-batches.js';
import { checkKnownKeys, checkPositiveInt } from './fit-args.js';
import { TensorData } from './tensor-data.js';
import type { TrainingModel } from './training-model.js';
import type { BatchSource, ModelInputs } from './training-types.js';
import { yieldToEventLoop } from './yield-to-event-loop.js';

/** `predict()` options. */
export interface PredictArgs {
  /** Samples per forward pass, for tensor data. Default: 32. */
  batchSize?: number;
  /** Accepted for Keras compatibility; predict prints nothing. */
  verbose?: 0 | 1 | 2 | 'auto';
  /** Batches to predict from a dataset. Default: all. */
  steps?: number;
}

const PREDICT_KEYS = ['batchSize', 'verbose', 'steps'] as const;

/**
 * `model.predict` on tensors: `predictStep` per batch, each in one `tf.tidy`, outputs concatenated along the
 * batch axis. Only the result survives; on an error nothing is left behind.
 */
export function runPredict(model: TrainingModel, x: ModelInputs, args: PredictArgs): tf.Tensor | tf.Tensor[] {
  const where = 'predict()';
  checkKnownKeys(where, args, PREDICT_KEYS);
  const batchSize =
    args.batchSize === undefined ? 32 : checkPositiveInt(where, 'batchSize', args.batchSize, 'batchSize: 32');
  const data = new TensorData(where, x);
  const parts: tf.Tensor[][] = [];
  let single = true;
  try {
    for (let i = 0; i < data.batchCount(batchSize); i++) {
      const batch = data.batch(i, batchSize);
      try {
        const out = tf.tidy(() => model.predictStep(batch.data));
        single = !Array.isArray(out);
        parts.push(Array.isArray(out) ? out : [out]);
      } finally {
        tf.dispose(batch.created);
      }
    }
    return joinBatches(parts, single);
  } catch (error) {
    tf.dispose(parts);
    throw error;
  }
}

/** `model.predict` on a dataset: elements are `xs` tensors, `{ xs }`, `{ xs, ys }` or `[xs, ...]` (ys ignored). */
export async function runPredictDataset(
  model: TrainingModel,
  source: BatchSource,
  args: PredictArgs,
): Promise<tf.Tensor | tf.Tensor[]> {
  const where = 'predict()';
  checkKnownKeys(where, args, PREDICT_KEYS);
  const steps =
    args.steps === undefined ? undefined : checkPositiveInt(where, 'steps', args.steps, 'steps: 10');
  const batches = new DatasetBatches(where, source, steps, inputNames(model));
  const parts: tf.Tensor[][] = [];
  let single = true;
  try {
    for (let step = 0; ; step++) {
      const batch = await batches.next(step);
      if (batch === undefined) break;
      try {
        const out = tf.tidy(() => model.predictStep(batch.data));
        single = !Array.isArray(out);
        parts.push(Array.isArray(out) ? out : [out]);
      } finally {
        batch.release();
      }
      await yieldToEventLoop();
    }
    if (parts.length === 0) throw new InvalidArgumentError(`${where}: the dataset gave no batch to predict.`);
    return joinBatches(parts, single);
  } catch (error) {
    tf.dispose(parts);
    throw error;
  } finally {
    await batches.close();
  }
}

/** Concatenates each output's batches (one batch is returned as is). Frees the parts. */
function joinBatches(parts: tf.Tensor[][], single: boolean): tf.Tensor | tf.Tensor[] {
  const outputs = parts[0]!.map((_, o) =>
    parts.length === 1
      ? parts[0]![o]!
      : tf.concat(
          parts.map((p) => p[o]!),
          0,
        ),
  );
  if (parts.length > 1) tf.dispose(parts);
  return single ? outputs[0]! : outputs;
}
