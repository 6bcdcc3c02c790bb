import type * as tf from '@strata/core';
import { LearningRateSchedule } from './learning-rate-schedule.js';
import { requireNonNegative, requirePositive } from './validate.js';

export interface ExponentialDecayArgs {
  initialLearningRate: number;
  /** Steps over which the rate is multiplied by `decayRate` once. */
  decaySteps: number;
  decayRate: number;
  /** Decay in whole steps of `decaySteps` (a staircase) rather than continuously. Default: `false`. */
  staircase?: boolean;
}

/**
 * Keras `ExponentialDecay`: `initialLearningRate · decayRate^(step / decaySteps)`, with the exponent floored when
 * `staircase` is set.
 * @example new Adam({ learningRate: new ExponentialDecay({ initialLearningRate: 1e-3, decaySteps: 1000, decayRate: 0.9 }) });
 */
export class ExponentialDecay extends LearningRateSchedule {
  static override readonly className = 'ExponentialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;

  constructor(args: ExponentialDecayArgs) {
    super();
    this.initialLearningRate = requireNonNegative(
      'ExponentialDecay',
      'initialLearningRate',
      args.initialLearningRate,
    );
    this.decaySteps = requirePositive('ExponentialDecay', 'decaySteps', args.decaySteps);
    this.decayRate = requireNonNegative('ExponentialDecay', 'decayRate', args.decayRate);
    this.staircase = args.staircase ?? false;
  }

  call(step: number): number {
    const exponent = step / this.decaySteps;
    return this.initialLearningRate * this.decayRate ** (this.staircase ? Math.floor(exponent) : exponent);
  }

  getConfig(): tf.serialization.ConfigDict {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      decayRate: this.decayRate,
      staircase: this.staircase,
    };
  }
}
