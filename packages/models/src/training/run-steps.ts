import * as tf from '@strata/core';
import { StrataError } from '@strata/core';
import type { CallbackRunner } from './callback-runner.js';
import { type ClassWeight, classWeightsToSampleWeight } from './class-weight.js';
import type { EpochBatches } from './epoch-batches.js';
import { disposeLogs, readLogs } from './read-logs.js';
import type { TrainingModel } from './training-model.js';
import type { Logs, StepData, StepLogs } from './training-types.js';
import { type YieldEvery, yieldToEventLoop } from './yield-to-event-loop.js';

export interface RunStepsOptions {
  kind: 'train' | 'test';
  runner: CallbackRunner;
  /** What the error says for an empty epoch, e.g. `fit()`. */
  where: string;
  classWeight?: ClassWeight;
  yieldEvery?: YieldEvery;
}

/**
 * One epoch of steps (`trainStep` or `testStep`), each in one `tf.tidy`, and its logs. Batch logs are read
 * (one GPU→CPU transfer) only when a callback has a batch-end hook; otherwise the epoch's logs are read once,
 * at its end. The epoch's logs are the last step's (Keras 3): the metrics' results, or what a custom step returned.
 */
export async function runSteps(model: TrainingModel, batches: EpochBatches, options: RunStepsOptions): Promise<Logs> {
  const { kind, runner } = options;
  const beginHook = kind === 'train' ? 'onBatchBegin' : 'onTestBatchBegin';
  const endHook = kind === 'train' ? 'onBatchEnd' : 'onTestBatchEnd';
  const callBegin = runner.wants(beginHook);
  const readEachBatch = runner.wants(endHook);
  let lastStepLogs: StepLogs | undefined;
  let lastRead: Logs | undefined;
  let step = 0;
  try {
    for (; ; step++) {
      const batch = await batches.next(step);
      if (batch === undefined) break;
      if (callBegin) await runner.call(beginHook, step, {});
      let stepLogs: StepLogs | undefined;
      try {
        stepLogs = tf.tidy(() => {
          const data = withClassWeight(batch.data, options.classWeight);
          return (kind === 'train' ? model.trainStep(data) : model.testStep(data)) ?? undefined;
        }) as StepLogs | undefined;
      } finally {
        model.clearLosses();
        batch.release();
      }
      disposeLogs(lastStepLogs);
      lastStepLogs = undefined;
      if (readEachBatch) {
        lastRead = await readLogs(stepLogs ?? model.getMetricsResult());
        await runner.call(endHook, step, lastRead);
      } else {
        lastStepLogs = stepLogs;
        lastRead = undefined;
      }
      if (kind === 'train' && model.stopTraining) {
        step++;
        break;
      }
      if (options.yieldEvery === undefined || options.yieldEvery === 'batch') await yieldToEventLoop();
    }
  } catch (error) {
    disposeLogs(lastStepLogs);
    throw error;
  }
  if (step === 0) {
    throw new StrataError(
      `${options.where}: the data gave no batch${kind === 'train' ? ' in this epoch' : ''}. Check that the dataset ` +
        'is not empty (and not exhausted: with stepsPerEpoch, a dataset must have that many batches per pass).',
    );
  }
  if (lastRead !== undefined) return lastRead;
  return readLogs(lastStepLogs ?? model.getMetricsResult());
}

function withClassWeight(data: StepData, classWeight: ClassWeight | undefined): StepData {
  if (classWeight === undefined || data.y === undefined) return data;
  const y = Array.isArray(data.y) ? data.y[0]! : data.y;
  const sw = Array.isArray(data.sampleWeight) ? data.sampleWeight[0] : data.sampleWeight;
  return { ...data, sampleWeight: classWeightsToSampleWeight(classWeight, y, sw) };
}
