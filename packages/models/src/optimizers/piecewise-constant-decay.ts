import type * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import { LearningRateSchedule } from './learning-rate-schedule.js';

export interface PiecewiseConstantDecayArgs {
  /** Increasing step numbers where the rate changes. */
  boundaries: number[];
  /** One more value than boundaries: `values[i]` applies up to and including `boundaries[i]`. */
  values: number[];
}

/**
 * Keras `PiecewiseConstantDecay`: `values[0]` while `step ≤ boundaries[0]`, `values[i]` while
 * `boundaries[i-1] < step ≤ boundaries[i]`, and the last value after the last boundary.
 * @example new PiecewiseConstantDecay({ boundaries: [1000, 2000], values: [1e-2, 1e-3, 1e-4] });
 */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  static override readonly className = 'PiecewiseConstantDecay';
  readonly boundaries: readonly number[];
  readonly values: readonly number[];

  constructor(args: PiecewiseConstantDecayArgs) {
    super();
    const { boundaries, values } = args;
    if (values.length !== boundaries.length + 1) {
      throw new InvalidArgumentError(
        `PiecewiseConstantDecay got ${boundaries.length} boundaries and ${values.length} values. ` +
          `Pass exactly one more value than boundaries (${boundaries.length + 1}).`,
      );
    }
    if (boundaries.some((b, i) => i > 0 && b <= boundaries[i - 1])) {
      throw new InvalidArgumentError(
        `PiecewiseConstantDecay got boundaries [${boundaries}]. Sort them increasing.`,
      );
    }
    this.boundaries = [...boundaries];
    this.values = [...values];
  }

  call(step: number): number {
    const i = this.boundaries.findIndex((b) => step <= b);
    return this.values[i === -1 ? this.values.length - 1 : i];
  }

  getConfig(): tf.serialization.ConfigDict {
    return { boundaries: [...this.boundaries], values: [...this.values] };
  }
}
