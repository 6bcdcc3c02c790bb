import * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import { checkData } from './check-data.js';
import { type ClassWeight, checkClassWeight, classWeightsToSampleWeight } from './class-weight.js';
import { checkKnownKeys } from './fit-args.js';
import { readLogs } from './read-logs.js';
import { TensorData } from './tensor-data.js';
import type { TrainingModel } from './training-model.js';
import type { Logs, ModelInputs, ModelTargets, StepData, StepLogs } from './training-types.js';

/** Options of `trainOnBatch` / `testOnBatch`. */
export interface OnBatchArgs {
  /** Per-sample weights, shape `[batch]`. */
  sampleWeight?: tf.Tensor | tf.Tensor[];
  /** Weight of each class in the loss (trainOnBatch, single-output models). */
  classWeight?: ClassWeight;
  /** Reset the metrics first, so the result is this batch's alone (Keras 2). Default: `true`. */
  resetMetrics?: boolean;
  /** Return `{ loss, ... }` instead of a number or an array. Default: `false`. */
  returnDict?: boolean;
}

const KEYS = ['sampleWeight', 'classWeight', 'resetMetrics', 'returnDict'] as const;

/** `model.trainOnBatch`: one `trainStep` on the whole batch. */
export function trainOnBatch(
  model: TrainingModel,
  x: ModelInputs,
  y: ModelTargets | undefined,
  args: OnBatchArgs,
) {
  return onBatch(model, 'train', x, y, args);
}

/** `model.testOnBatch`: one `testStep` on the whole batch. */
export function testOnBatch(
  model: TrainingModel,
  x: ModelInputs,
  y: ModelTargets | undefined,
  args: OnBatchArgs,
) {
  return onBatch(model, 'test', x, y, args);
}

async function onBatch(
  model: TrainingModel,
  kind: 'train' | 'test',
  x: ModelInputs,
  y: ModelTargets | undefined,
  args: OnBatchArgs,
): Promise<Logs> {
  const where = kind === 'train' ? 'trainOnBatch()' : 'testOnBatch()';
  model.requireCompiled(where);
  checkKnownKeys(where, args, KEYS);
  if (args.classWeight !== undefined) {
    checkClassWeight(args.classWeight);
    if (Array.isArray(y)) {
      throw new InvalidArgumentError(
        `${where}: classWeight is for models with one output; for several outputs pass sampleWeight (one per output).`,
      );
    }
  }
  const data = new TensorData(where, x, y, args.sampleWeight);
  const { data: step } = data.batch(0, data.numSamples);
  checkData(model, step, model.hasCustomStep(kind));
  if (args.resetMetrics ?? true) model.resetMetrics();
  let logs: StepLogs | undefined;
  try {
    logs = tf.tidy(() => {
      let input: StepData = step;
      if (args.classWeight !== undefined && step.y !== undefined) {
        const sw = Array.isArray(step.sampleWeight) ? step.sampleWeight[0] : step.sampleWeight;
        input = {
          ...step,
          sampleWeight: classWeightsToSampleWeight(args.classWeight, step.y as tf.Tensor, sw),
        };
      }
      return (kind === 'train' ? model.trainStep(input) : model.testStep(input)) ?? undefined;
    }) as StepLogs | undefined;
  } finally {
    model.clearLosses();
  }
  return readLogs(logs ?? model.getMetricsResult());
}
