import type * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import type { Callback } from '../callbacks/callback.js';
import { CallbackList } from '../callbacks/callback-list.js';
import type { CallbackModel } from '../callbacks/callback-model.js';
import { isBatchSource } from './batch-source.js';
import { checkCallbacks, progressIsLive } from './callback-hooks.js';
import { checkData } from './check-data.js';
import { type ClassWeight, checkClassWeight } from './class-weight.js';
import { DatasetBatches, type EpochBatches, inputNames, TensorBatches } from './epoch-batches.js';
import { runTestLoop } from './evaluate-loop.js';
import { checkKnownKeys, checkPositiveInt, checkVerbose, type Verbosity } from './fit-args.js';
import { exposeLogKeys, type FitHistory } from './fit-history.js';
import { prefixLogs } from './read-logs.js';
import { runSteps } from './run-steps.js';
import { TensorData } from './tensor-data.js';
import type { TrainingModel } from './training-model.js';
import type { BatchSource, Logs, ModelInputs, ModelTargets } from './training-types.js';
import { type YieldEvery, yieldToEventLoop } from './yield-to-event-loop.js';

/** `fit()` options (Keras `fit`, camelCase). */
export interface FitArgs {
  /** Passes over the data. Default: 1. */
  epochs?: number;
  /** Samples per step, for tensor data. Default: 32. */
  batchSize?: number;
  /** Keras's `verbose`. Default: `'auto'` (1). */
  verbose?: Verbosity;
  /** Called at each stage of training, before the `History` and the progress logger that fit adds (as Keras). */
  callbacks?: Callback[];
  /** Share of the samples (the last ones, before shuffling) held out for validation, for tensor data. */
  validationSplit?: number;
  /** `[x, y]`, `[x, y, sampleWeight]`, or a dataset, evaluated at the end of each epoch (`val_*` logs). */
  validationData?:
    | [ModelInputs, ModelTargets]
    | [ModelInputs, ModelTargets, tf.Tensor | tf.Tensor[]]
    | BatchSource;
  /** Shuffle the samples before each epoch (tensor data). Default: `true`. */
  shuffle?: boolean;
  /** Epoch to start from (to resume training); epochs run from `initialEpoch` to `epochs - 1`. Default: 0. */
  initialEpoch?: number;
  /** Weight of each class in the loss, e.g. `{ 0: 1, 1: 10 }` (single-output models). */
  classWeight?: ClassWeight;
  /** Per-sample weights, shape `[numSamples]` (tensor data); for several outputs one tensor or one per output. */
  sampleWeight?: tf.Tensor | tf.Tensor[];
  /** Batches per epoch. Default: the whole data (for a dataset: one full pass). */
  stepsPerEpoch?: number;
  /** Validation batches per epoch. Default: all. */
  validationSteps?: number;
  /** Batch size for validation tensors. Default: `batchSize`. */
  validationBatchSize?: number;
  /** Validate every this many epochs. Default: 1. */
  validationFreq?: number;
  /** When to let the event loop run (browser pages stay responsive). Default: `'batch'`. */
  yieldEvery?: YieldEvery;
}

const FIT_KEYS = [
  'epochs',
  'batchSize',
  'verbose',
  'callbacks',
  'validationSplit',
  'validationData',
  'shuffle',
  'initialEpoch',
  'classWeight',
  'sampleWeight',
  'stepsPerEpoch',
  'validationSteps',
  'validationBatchSize',
  'validationFreq',
  'yieldEvery',
] as const;

/** The data `fit` was called with: tensors or a dataset. */
export type FitData =
  | { x: ModelInputs; y?: ModelTargets | undefined; source?: undefined }
  | { source: BatchSource };

/** `model.fit`: checks everything, then runs the epochs. */
export async function runFit(model: TrainingModel, data: FitData, args: FitArgs): Promise<FitHistory> {
  const where = 'fit()';
  model.requireCompiled(where);
  checkKnownKeys(where, args, FIT_KEYS);
  const epochs = args.epochs === undefined ? 1 : checkPositiveInt(where, 'epochs', args.epochs, 'epochs: 10');
  const initialEpoch = args.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0) {
    throw new InvalidArgumentError(
      `${where}: initialEpoch must be an integer ≥ 0, got ${String(initialEpoch)}.`,
    );
  }
  const batchSize =
    args.batchSize === undefined ? 32 : checkPositiveInt(where, 'batchSize', args.batchSize, 'batchSize: 32');
  const verbose = checkVerbose(where, args.verbose);
  const validationFreq =
    args.validationFreq === undefined
      ? 1
      : checkPositiveInt(where, 'validationFreq', args.validationFreq, 'validationFreq: 1');
  const steps =
    args.stepsPerEpoch === undefined
      ? undefined
      : checkPositiveInt(where, 'stepsPerEpoch', args.stepsPerEpoch, 'stepsPerEpoch: 100');
  const validationSteps =
    args.validationSteps === undefined
      ? undefined
      : checkPositiveInt(where, 'validationSteps', args.validationSteps, 'validationSteps: 10');
  const split = args.validationSplit ?? 0;
  if (typeof split !== 'number' || !(split >= 0 && split < 1)) {
    throw new InvalidArgumentError(
      `${where}: validationSplit must be a number in [0, 1), e.g. 0.1, got ${String(split)}.`,
    );
  }
  if (args.classWeight !== undefined) checkClassWeight(args.classWeight);
  const userCallbacks = checkCallbacks(where, args.callbacks);

  const owned: TensorData[] = [];
  let train: EpochBatches | undefined;
  let validation: EpochBatches | undefined;
  try {
    // ---- data: checked before anything trains ----
    if (data.source !== undefined) {
      if (split > 0) {
        throw new InvalidArgumentError(
          `${where}: validationSplit works with tensors only; with a dataset pass validationData (e.g. another dataset).`,
        );
      }
      if (args.sampleWeight !== undefined) {
        throw new InvalidArgumentError(
          `${where}: with a dataset, give sample weights in each batch ({ xs, ys, sampleWeight }).`,
        );
      }
      train = new DatasetBatches(where, data.source, steps, inputNames(model));
    } else {
      let tensors = new TensorData(where, data.x, data.y, args.sampleWeight);
      if (split > 0) {
        const [head, tail] = tensors.split(split);
        owned.push(head, tail);
        tensors = head;
        validation = new TensorBatches(tail, args.validationBatchSize ?? batchSize, false, validationSteps);
      }
      train = new TensorBatches(tensors, batchSize, args.shuffle ?? true, steps);
    }
    if (args.validationData !== undefined) {
      if (split > 0) {
        throw new InvalidArgumentError(`${where}: pass validationSplit or validationData, not both.`);
      }
      validation = validationBatches(
        model,
        args.validationData,
        args.validationBatchSize ?? batchSize,
        validationSteps,
      );
    }
    const first = await train.peek();
    if (first === undefined) throw new InvalidArgumentError(`${where}: the training data is empty.`);
    const customStep = model.hasCustomStep('train');
    if (args.classWeight !== undefined && Array.isArray(first.data.y)) {
      first.release();
      throw new InvalidArgumentError(
        `${where}: classWeight is for models with one output; for several outputs pass sampleWeight (one per output).`,
      );
    }
    try {
      checkData(model, first.data, customStep);
    } finally {
      first.release();
    }
    if (validation !== undefined) {
      const firstVal = await validation.peek();
      if (firstVal !== undefined) {
        try {
          checkData(model, firstVal.data, model.hasCustomStep('test'));
        } finally {
          firstVal.release();
        }
      }
    }

    // ---- callbacks ----
    const callbacks = new CallbackList(userCallbacks, {
      addHistory: true,
      addProgbar: verbose !== 0,
      model: model as unknown as CallbackModel,
      params: {
        epochs,
        initialEpoch,
        steps: train.steps ?? null,
        verbose,
        batchSize,
        doValidation: validation !== undefined,
      },
    });
    const history = exposeLogKeys(callbacks.history!);
    model.history = history;
    model.stopTraining = false;
    model.cacheStepWeights(true);

    await callbacks.onTrainBegin({});
    let logs: Logs = {};
    for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
      model.resetMetrics();
      train.startEpoch();
      await callbacks.onEpochBegin(epoch, {});
      logs = await runSteps(model, train, {
        kind: 'train',
        callbacks,
        progbar: callbacks.progbar,
        liveProgress: progressIsLive(verbose),
        where,
        ...(args.classWeight !== undefined ? { classWeight: args.classWeight } : {}),
        ...(args.yieldEvery !== undefined ? { yieldEvery: args.yieldEvery } : {}),
      });
      await train.endEpoch();
      if (validation !== undefined && (epoch + 1 - initialEpoch) % validationFreq === 0) {
        const valLogs = await runTestLoop(model, validation, callbacks, 'fit() validation', args.yieldEvery);
        logs = { ...logs, ...prefixLogs(valLogs, 'val_') };
      }
      await callbacks.onEpochEnd(epoch, logs);
      exposeLogKeys(history);
      if (args.yieldEvery === 'epoch') await yieldToEventLoop();
    }
    await callbacks.onTrainEnd(logs);
    return history;
  } finally {
    model.cacheStepWeights(false);
    await train?.close();
    await validation?.close();
    for (const d of owned) d.dispose();
  }
}

function validationBatches(
  model: TrainingModel,
  validationData: NonNullable<FitArgs['validationData']>,
  batchSize: number,
  steps: number | undefined,
): EpochBatches {
  const where = 'fit() validationData';
  if (isBatchSource(validationData))
    return new DatasetBatches(where, validationData, steps, inputNames(model));
  if (!Array.isArray(validationData) || validationData.length < 2 || validationData.length > 3) {
    throw new InvalidArgumentError(
      `${where} must be [x, y], [x, y, sampleWeight] or a dataset, got ${Array.isArray(validationData) ? `an array of ${validationData.length}` : typeof validationData}.`,
    );
  }
  const [x, y, sampleWeight] = validationData;
  return new TensorBatches(new TensorData(where, x, y, sampleWeight), batchSize, false, steps);
}
