import { InvalidArgumentError } from '@strata/core';
import type { CallbackModel } from './callback-model.js';

/** Metric values by name, e.g. `{ loss: 0.31, accuracy: 0.9, val_loss: 0.35 }`. */
export type Logs = Record<string, number>;

/** What `fit()` / `evaluate()` / `predict()` tell callbacks before they start (Keras `callback.params`). */
export interface CallbackParams {
  /** Number of epochs of this `fit()`. */
  epochs?: number;
  /** Batches per epoch, or `null`/absent when unknown (e.g. a generator without a length). */
  steps?: number | null;
  /** 0 silent, 1 progress bar, 2 one line per epoch. */
  verbose?: number;
  [key: string]: unknown;
}

/** A hook's result: callbacks may be synchronous or return a promise, which `fit()` awaits. */
export type HookResult = void | Promise<void>;

/**
 * Base class of training callbacks (Keras `keras.callbacks.Callback`). Override the hooks you need; each may be
 * `async`. `fit()` calls `setParams` and `setModel` first, then:
 * `onTrainBegin` → per epoch (`onEpochBegin` → per batch `onBatchBegin`/`onBatchEnd` → validation
 * `onTestBegin`/`onTestBatch*`/`onTestEnd` → `onEpochEnd`) → `onTrainEnd`. `evaluate()` and `predict()` call the
 * `onTest*` and `onPredict*` hooks. Batch logs hold the running metric values of the epoch so far; epoch logs
 * hold the epoch's values (and `val_*` ones).
 * @example
 * class PrintLoss extends Callback {
 *   override onEpochEnd(epoch: number, logs?: Logs) { console.log(epoch, logs?.loss); }
 * }
 */
export class Callback {
  /** Set by `setParams` (from `fit()`). */
  params: CallbackParams = {};
  private modelRef: CallbackModel | undefined;

  setParams(params: CallbackParams): void {
    this.params = params;
  }

  setModel(model: CallbackModel): void {
    this.modelRef = model;
  }

  /** The model this callback works on (set by `setModel`). */
  get model(): CallbackModel {
    if (this.modelRef === undefined) {
      throw new InvalidArgumentError(
        `${this.constructor.name} has no model. fit() calls setModel(model) before training; when you drive ` +
          `the callback yourself, call callback.setModel(model) first.`,
      );
    }
    return this.modelRef;
  }

  onTrainBegin(_logs?: Logs): HookResult {}
  onTrainEnd(_logs?: Logs): HookResult {}
  onEpochBegin(_epoch: number, _logs?: Logs): HookResult {}
  onEpochEnd(_epoch: number, _logs?: Logs): HookResult {}
  /** Before a training batch. */
  onBatchBegin(_batch: number, _logs?: Logs): HookResult {}
  /** After a training batch; `logs` hold the running values of the epoch so far. */
  onBatchEnd(_batch: number, _logs?: Logs): HookResult {}
  onTestBegin(_logs?: Logs): HookResult {}
  onTestEnd(_logs?: Logs): HookResult {}
  onTestBatchBegin(_batch: number, _logs?: Logs): HookResult {}
  onTestBatchEnd(_batch: number, _logs?: Logs): HookResult {}
  onPredictBegin(_logs?: Logs): HookResult {}
  onPredictEnd(_logs?: Logs): HookResult {}
  onPredictBatchBegin(_batch: number, _logs?: Logs): HookResult {}
  onPredictBatchEnd(_batch: number, _logs?: Logs): HookResult {}
}
