import type * as tf from '@strata/core';
import type { Callback } from '../callbacks/callback.js';
import { CallbackList } from '../callbacks/callback-list.js';
import type { CallbackModel } from '../callbacks/callback-model.js';
import { checkCallbacks, progressIsLive } from './callback-hooks.js';
import { checkData } from './check-data.js';
import { DatasetBatches, type EpochBatches, inputNames, TensorBatches } from './epoch-batches.js';
import { checkKnownKeys, checkPositiveInt, checkVerbose, type Verbosity } from './fit-args.js';
import { runSteps } from './run-steps.js';
import { TensorData } from './tensor-data.js';
import type { TrainingModel } from './training-model.js';
import type { BatchSource, Logs, ModelInputs, ModelTargets } from './training-types.js';
import type { YieldEvery } from './yield-to-event-loop.js';

/** `evaluate()` options (Keras `evaluate`, camelCase). */
export interface EvaluateArgs {
  /** Samples per step, for tensor data. Default: 32. */
  batchSize?: number;
  /** Default: `'auto'` (1). */
  verbose?: Verbosity;
  /** Per-sample weights, shape `[numSamples]` (tensor data). */
  sampleWeight?: tf.Tensor | tf.Tensor[];
  /** Batches to evaluate. Default: all. */
  steps?: number;
  /** Their `onTest*` hooks are called. */
  callbacks?: Callback[];
  /** Return `{ loss, accuracy, ... }` instead of a number or an array. Default: `false`. */
  returnDict?: boolean;
  /** When to let the event loop run. Default: `'batch'`. */
  yieldEvery?: YieldEvery;
}

const EVALUATE_KEYS = [
  'batchSize',
  'verbose',
  'sampleWeight',
  'steps',
  'callbacks',
  'returnDict',
  'yieldEvery',
] as const;

export type EvaluateData =
  | { x: ModelInputs; y?: ModelTargets | undefined; source?: undefined }
  | { source: BatchSource };

/** `model.evaluate`: the compiled loss and metrics over the data, in inference mode. */
export async function runEvaluate(
  model: TrainingModel,
  data: EvaluateData,
  args: EvaluateArgs,
): Promise<Logs> {
  const where = 'evaluate()';
  model.requireCompiled(where);
  checkKnownKeys(where, args, EVALUATE_KEYS);
  const batchSize =
    args.batchSize === undefined ? 32 : checkPositiveInt(where, 'batchSize', args.batchSize, 'batchSize: 32');
  const steps =
    args.steps === undefined ? undefined : checkPositiveInt(where, 'steps', args.steps, 'steps: 10');
  const verbose = checkVerbose(where, args.verbose);
  const userCallbacks = checkCallbacks(where, args.callbacks);
  const batches: EpochBatches =
    data.source !== undefined
      ? new DatasetBatches(where, data.source, steps, inputNames(model))
      : new TensorBatches(new TensorData(where, data.x, data.y, args.sampleWeight), batchSize, false, steps);
  try {
    const first = await batches.peek();
    if (first !== undefined) {
      try {
        checkData(model, first.data, model.hasCustomStep('test'));
      } finally {
        first.release();
      }
    }
    const callbacks = new CallbackList(userCallbacks, {
      addProgbar: verbose !== 0,
      model: model as unknown as CallbackModel,
      params: { steps: batches.steps ?? null, verbose },
    });
    return await runTestLoop(model, batches, callbacks, where, args.yieldEvery, progressIsLive(verbose));
  } finally {
    await batches.close();
  }
}

/** The test loop of `evaluate` and of `fit`'s validation: resets the metrics, runs `testStep` on every batch. */
export async function runTestLoop(
  model: TrainingModel,
  batches: EpochBatches,
  callbacks: CallbackList,
  where: string,
  yieldEvery?: YieldEvery,
  liveProgress = false,
): Promise<Logs> {
  model.resetMetrics();
  batches.startEpoch();
  await callbacks.onTestBegin({});
  const logs = await runSteps(model, batches, {
    kind: 'test',
    callbacks,
    progbar: callbacks.progbar,
    liveProgress,
    where,
    ...(yieldEvery ? { yieldEvery } : {}),
  });
  await batches.endEpoch();
  await callbacks.onTestEnd(logs);
  return logs;
}
