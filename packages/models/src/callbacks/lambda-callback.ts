import { Callback, type HookResult, type Logs } from './callback.js';

/** The hooks a `LambdaCallback` can run; any subset, each may be async. */
export interface LambdaCallbackHooks {
  onTrainBegin?: (logs?: Logs) => HookResult;
  onTrainEnd?: (logs?: Logs) => HookResult;
  onEpochBegin?: (epoch: number, logs?: Logs) => HookResult;
  onEpochEnd?: (epoch: number, logs?: Logs) => HookResult;
  onBatchBegin?: (batch: number, logs?: Logs) => HookResult;
  onBatchEnd?: (batch: number, logs?: Logs) => HookResult;
  onTestBegin?: (logs?: Logs) => HookResult;
  onTestEnd?: (logs?: Logs) => HookResult;
  onTestBatchBegin?: (batch: number, logs?: Logs) => HookResult;
  onTestBatchEnd?: (batch: number, logs?: Logs) => HookResult;
  onPredictBegin?: (logs?: Logs) => HookResult;
  onPredictEnd?: (logs?: Logs) => HookResult;
  onPredictBatchBegin?: (batch: number, logs?: Logs) => HookResult;
  onPredictBatchEnd?: (batch: number, logs?: Logs) => HookResult;
}

/**
 * A callback made of plain functions (Keras `LambdaCallback`).
 * @example new LambdaCallback({ onEpochEnd: (epoch, logs) => console.log(epoch, logs?.loss) });
 */
export class LambdaCallback extends Callback {
  readonly hooks: LambdaCallbackHooks;

  constructor(hooks: LambdaCallbackHooks) {
    super();
    this.hooks = { ...hooks };
  }

  override onTrainBegin(logs?: Logs): HookResult {
    return this.hooks.onTrainBegin?.(logs);
  }
  override onTrainEnd(logs?: Logs): HookResult {
    return this.hooks.onTrainEnd?.(logs);
  }
  override onEpochBegin(epoch: number, logs?: Logs): HookResult {
    return this.hooks.onEpochBegin?.(epoch, logs);
  }
  override onEpochEnd(epoch: number, logs?: Logs): HookResult {
    return this.hooks.onEpochEnd?.(epoch, logs);
  }
  override onBatchBegin(batch: number, logs?: Logs): HookResult {
    return this.hooks.onBatchBegin?.(batch, logs);
  }
  override onBatchEnd(batch: number, logs?: Logs): HookResult {
    return this.hooks.onBatchEnd?.(batch, logs);
  }
  override onTestBegin(logs?: Logs): HookResult {
    return this.hooks.onTestBegin?.(logs);
  }
  override onTestEnd(logs?: Logs): HookResult {
    return this.hooks.onTestEnd?.(logs);
  }
  override onTestBatchBegin(batch: number, logs?: Logs): HookResult {
    return this.hooks.onTestBatchBegin?.(batch, logs);
  }
  override onTestBatchEnd(batch: number, logs?: Logs): HookResult {
    return this.hooks.onTestBatchEnd?.(batch, logs);
  }
  override onPredictBegin(logs?: Logs): HookResult {
    return this.hooks.onPredictBegin?.(logs);
  }
  override onPredictEnd(logs?: Logs): HookResult {
    return this.hooks.onPredictEnd?.(logs);
  }
  override onPredictBatchBegin(batch: number, logs?: Logs): HookResult {
    return this.hooks.onPredictBatchBegin?.(batch, logs);
  }
  override onPredictBatchEnd(batch: number, logs?: Logs): HookResult {
    return this.hooks.onPredictBatchEnd?.(batch, logs);
  }
}
