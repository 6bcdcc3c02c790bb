import * as tf from '@strata/core';
import { StrataError } from '@strata/core';
import type { CallbackList } from '../callbacks/callback-list.js';
import type { ProgbarLogger } from '../callbacks/progbar-logger.js';
import { usesHook } from './callback-hooks.js';
import { type ClassWeight, classWeightsToSampleWeight } from './class-weight.js';
import type { EpochBatches } from './epoch-batches.js';
import { disposeLogs, readLogs } from './read-logs.js';
import type { TrainingModel } from './training-model.js';
import type { Logs, StepData, StepLogs } from './training-types.js';
import { type YieldEvery, yieldToEventLoop } from './yield-to-event-loop.js';

export interface RunStepsOptions {
  kind: 'train' | 'test';
  callbacks: CallbackList;
  /** The ProgbarLogger fit/evaluate added, and whether it draws a live bar (then it gets logs ~10 times a second). */
  progbar?: ProgbarLogger | undefined;
  liveProgress?: boolean;
  /** What the error says for an empty epoch, e.g. `fit()`. */
  where: string;
  classWeight?: ClassWeight;
  yieldEvery?: YieldEvery;
}

// A live progress bar redraws at most every 50 ms; reading the logs for it every 100 ms costs a sync that often
// instead of one per batch.
const PROGRESS_READ_MS = 100;

/**
 * One epoch of steps (`trainStep` or `testStep`), each in one `tf.tidy`, and its logs. Batch logs are read
 * (one GPU→CPU transfer for all values) after every batch only when a callback uses its batch-end hook, and about
 * every 100 ms for a live progress bar; other batch-end calls get the last logs read (or `{}`). The epoch's logs
 * are the last step's (Keras 3): the metrics' results, or what a custom step returned; they are read once.
 */
export async function runSteps(
  model: TrainingModel,
  batches: EpochBatches,
  options: RunStepsOptions,
): Promise<Logs> {
  const { kind, callbacks } = options;
  const endHook = kind === 'train' ? 'onBatchEnd' : 'onTestBatchEnd';
  const readEachBatch = callbacks.callbacks.some((cb) => cb !== options.progbar && usesHook(cb, endHook));
  const readForProgress = !readEachBatch && options.liveProgress === true;
  let lastStepLogs: StepLogs | undefined;
  let lastRead: Logs | undefined;
  let lastReadAt = -Infinity;
  let lastStepRead = false;
  let step = 0;
  try {
    for (; ; step++) {
      const batch = await batches.next(step);
      if (batch === undefined) break;
      await (kind === 'train' ? callbacks.onBatchBegin(step, {}) : callbacks.onTestBatchBegin(step, {}));
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
      const now = readForProgress ? performance.now() : 0;
      if (readEachBatch || (readForProgress && now - lastReadAt >= PROGRESS_READ_MS)) {
        lastRead = await readLogs(stepLogs ?? model.getMetricsResult());
        lastReadAt = now;
        lastStepRead = true;
      } else {
        lastStepLogs = stepLogs;
        lastStepRead = false;
      }
      const batchLogs = lastRead ?? {};
      await (kind === 'train'
        ? callbacks.onBatchEnd(step, batchLogs)
        : callbacks.onTestBatchEnd(step, batchLogs));
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
  if (lastStepRead) return lastRead!;
  return readLogs(lastStepLogs ?? model.getMetricsResult());
}

function withClassWeight(data: StepData, classWeight: ClassWeight | undefined): StepData {
  if (classWeight === undefined || data.y === undefined) return data;
  const y = Array.isArray(data.y) ? data.y[0]! : data.y;
  const sw = Array.isArray(data.sampleWeight) ? data.sampleWeight[0] : data.sampleWeight;
  return { ...data, sampleWeight: classWeightsToSampleWeight(classWeight, y, sw) };
}
