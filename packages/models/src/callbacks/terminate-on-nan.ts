import { Callback, type Logs } from './callback.js';
import type { LogFn } from './monitor.js';

/**
 * Stops training as soon as a batch's loss is NaN or infinite (Keras `TerminateOnNaN`): sets
 * `model.stopTraining` and prints `Batch 7: Invalid loss, terminating training`.
 */
export class TerminateOnNaN extends Callback {
  private readonly log: LogFn;

  constructor(args: { log?: LogFn } = {}) {
    super();
    this.log = args.log ?? console.log;
  }

  override onBatchEnd(batch: number, logs: Logs = {}): void {
    const loss = logs.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      this.log(`Batch ${batch}: Invalid loss, terminating training`);
      this.model.stopTraining = true;
    }
  }
}
