import type { Callback, CallbackParams, HookResult, Logs } from './callback.js';
import type { CallbackModel } from './callback-model.js';
import { History } from './history.js';
import { ProgbarLogger } from './progbar-logger.js';

export interface CallbackListOptions {
  model?: CallbackModel;
  params?: CallbackParams;
  /** Append a `History` unless one is in the list. Default: `false`. */
  addHistory?: boolean;
  /** Append a `ProgbarLogger` unless one is in the list. Default: `false`. */
  addProgbar?: boolean;
}

/**
 * Runs a list of callbacks in order, awaiting each hook before the next (Keras `CallbackList`). `fit()` builds
 * one from the user's callbacks with `addHistory` and `addProgbar`, as Keras does.
 * @example
 * const list = new CallbackList(callbacks, { model, params: { epochs, steps, verbose }, addHistory: true });
 * await list.onTrainBegin();
 */
export class CallbackList {
  readonly callbacks: Callback[];
  /** The list's History (given or added). */
  readonly history: History | undefined;
  /** The list's ProgbarLogger (given or added). */
  readonly progbar: ProgbarLogger | undefined;

  constructor(callbacks: readonly Callback[] = [], options: CallbackListOptions = {}) {
    this.callbacks = [...callbacks];
    let history = this.callbacks.find((cb): cb is History => cb instanceof History);
    let progbar = this.callbacks.find((cb): cb is ProgbarLogger => cb instanceof ProgbarLogger);
    if (history === undefined && options.addHistory) {
      history = new History();
      this.callbacks.push(history);
    }
    if (progbar === undefined && options.addProgbar) {
      progbar = new ProgbarLogger();
      this.callbacks.push(progbar);
    }
    this.history = history;
    this.progbar = progbar;
    if (options.model !== undefined) this.setModel(options.model);
    if (options.params !== undefined) this.setParams(options.params);
  }

  append(callback: Callback): void {
    this.callbacks.push(callback);
  }

  setParams(params: CallbackParams): void {
    for (const cb of this.callbacks) cb.setParams(params);
  }

  setModel(model: CallbackModel): void {
    for (const cb of this.callbacks) cb.setModel(model);
  }

  onTrainBegin(logs?: Logs): Promise<void> {
    return this.run((cb) => cb.onTrainBegin(logs));
  }
  onTrainEnd(logs?: Logs): Promise<void> {
    return this.run((cb) => cb.onTrainEnd(logs));
  }
  onEpochBegin(epoch: number, logs?: Logs): Promise<void> {
    return this.run((cb) => cb.onEpochBegin(epoch, logs));
  }
  onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    return this.run((cb) => cb.onEpochEnd(epoch, logs));
  }
  onBatchBegin(batch: number, logs?: Logs): Promise<void> {
    return this.run((cb) => cb.onBatchBegin(batch, logs));
  }
  onBatchEnd(batch: number, logs?: Logs): Promise<void> {
    return this.run((cb) => cb.onBatchEnd(batch, logs));
  }
  onTestBegin(logs?: Logs): Promise<void> {
    return this.run((cb) => cb.onTestBegin(logs));
  }
  onTestEnd(logs?: Logs): Promise<void> {
    return this.run((cb) => cb.onTestEnd(logs));
  }
  onTestBatchBegin(batch: number, logs?: Logs): Promise<void> {
    return this.run((cb) => cb.onTestBatchBegin(batch, logs));
  }
  onTestBatchEnd(batch: number, logs?: Logs): Promise<void> {
    return this.run((cb) => cb.onTestBatchEnd(batch, logs));
  }
  onPredictBegin(logs?: Logs): Promise<void> {
    return this.run((cb) => cb.onPredictBegin(logs));
  }
  onPredictEnd(logs?: Logs): Promise<void> {
    return this.run((cb) => cb.onPredictEnd(logs));
  }
  onPredictBatchBegin(batch: number, logs?: Logs): Promise<void> {
    return this.run((cb) => cb.onPredictBatchBegin(batch, logs));
  }
  onPredictBatchEnd(batch: number, logs?: Logs): Promise<void> {
    return this.run((cb) => cb.onPredictBatchEnd(batch, logs));
  }

  private async run(hook: (cb: Callback) => HookResult): Promise<void> {
    for (const cb of this.callbacks) {
      const result = hook(cb);
      // Only await real promises: most hooks are synchronous no-ops, called for every batch.
      if (result !== undefined) await result;
    }
  }
}
