import type * as tf from '@strata/core';

/**
 * A learning rate that changes with the training step (Keras `LearningRateSchedule`). Pass one as the
 * `learningRate` of any optimizer: before each update the optimizer calls `call(iterations)` with the number of
 * updates done so far (0 for the first), in plain JS numbers, so a schedule costs no tensor work.
 */
export abstract class LearningRateSchedule {
  // Minifiers rename classes; serialization needs a stable name.
  static readonly className: string = 'LearningRateSchedule';

  /** The learning rate for step `step` (0-based). */
  abstract call(step: number): number;

  /** The options this schedule was built with (camelCase), for saving. */
  abstract getConfig(): tf.serialization.ConfigDict;

  /** The registered class name (stable under minification). */
  getClassName(): string {
    return (this.constructor as typeof LearningRateSchedule).className;
  }
}
