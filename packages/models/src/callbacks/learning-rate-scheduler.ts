import { InvalidArgumentError } from '@strata/core';
import { Callback, type Logs } from './callback.js';
import type { CallbackModel } from './callback-model.js';
import type { LogFn } from './monitor.js';

/** `(epoch, currentLearningRate) => newLearningRate`; `epoch` is 0-based. */
export type ScheduleFn = (epoch: number, learningRate: number) => number | Promise<number>;

/**
 * Sets the optimizer's learning rate at the start of each epoch to `schedule(epoch, lr)` (Keras
 * `LearningRateScheduler`) and records it as `learning_rate` in the epoch's logs.
 * @example new LearningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * Math.exp(-0.1)));
 */
export class LearningRateScheduler extends Callback {
  readonly schedule: ScheduleFn;
  readonly verbose: number;
  private readonly log: LogFn;

  constructor(schedule: ScheduleFn, args: { verbose?: number; log?: LogFn } = {}) {
    super();
    if (typeof schedule !== 'function') {
      throw new InvalidArgumentError(
        'LearningRateScheduler needs a function (epoch, learningRate) => number.',
      );
    }
    this.schedule = schedule;
    this.verbose = args.verbose ?? 0;
    this.log = args.log ?? console.log;
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    const optimizer = requireOptimizer('LearningRateScheduler', this.model);
    const lr = await this.schedule(epoch, optimizer.learningRate);
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
      throw new InvalidArgumentError(
        `The schedule of LearningRateScheduler returned ${String(lr)} for epoch ${epoch}. It must return a ` +
          `finite number ≥ 0.`,
      );
    }
    optimizer.learningRate = lr;
    if (this.verbose > 0)
      this.log(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }

  override onEpochEnd(_epoch: number, logs?: Logs): void {
    if (logs !== undefined)
      logs.learning_rate = requireOptimizer('LearningRateScheduler', this.model).learningRate;
  }
}

/** The model's optimizer, or a clear error when it has none. */
export function requireOptimizer(owner: string, model: CallbackModel): { learningRate: number } {
  if (model.optimizer === undefined || typeof model.optimizer.learningRate !== 'number') {
    throw new InvalidArgumentError(
      `${owner} changes the learning rate, but model '${model.name}' has no optimizer with a learningRate. ` +
        `Compile the model with an optimizer first (e.g. model.compile({ optimizer: 'adam', ... })).`,
    );
  }
  return model.optimizer;
}
