import type * as tf from '@strata/core';
import { LearningRateSchedule } from './learning-rate-schedule.js';
import { requireNonNegative, requirePositive } from './validate.js';

export interface CosineDecayArgs {
  initialLearningRate: number;
  /** Steps to decay over (after the warmup). */
  decaySteps: number;
  /** Floor of the decay, as a fraction of the rate decayed from. Default: `0`. */
  alpha?: number;
  /** Rate reached at the end of a linear warmup from `initialLearningRate`. Default: no warmup. */
  warmupTarget?: number | null;
  /** Length of the warmup. Default: `0`. */
  warmupSteps?: number;
}

/**
 * Keras `CosineDecay` (SGDR without restarts), optionally after a linear warmup:
 * - warmup (`step < warmupSteps`, only with `warmupTarget`): `initial + (warmupTarget - initial) · step / warmupSteps`;
 * - then, with `s = min(step - warmupSteps, decaySteps)` and `from = warmupTarget ?? initialLearningRate`:
 *   `from · ((1 - alpha) · 0.5 · (1 + cos(π · s / decaySteps)) + alpha)`.
 */
export class CosineDecay extends LearningRateSchedule {
  static override readonly className = 'CosineDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly warmupTarget: number | null;
  readonly warmupSteps: number;

  constructor(args: CosineDecayArgs) {
    super();
    this.initialLearningRate = requireNonNegative(
      'CosineDecay',
      'initialLearningRate',
      args.initialLearningRate,
    );
    this.decaySteps = requirePositive('CosineDecay', 'decaySteps', args.decaySteps);
    this.alpha = requireNonNegative('CosineDecay', 'alpha', args.alpha ?? 0);
    this.warmupTarget = args.warmupTarget ?? null;
    this.warmupSteps = requireNonNegative('CosineDecay', 'warmupSteps', args.warmupSteps ?? 0);
  }

  call(step: number): number {
    if (this.warmupTarget === null)
      return this.decay(Math.min(step, this.decaySteps), this.initialLearningRate);
    const s = Math.min(step, this.decaySteps + this.warmupSteps);
    if (s < this.warmupSteps) {
      return (
        (this.warmupTarget - this.initialLearningRate) * (s / this.warmupSteps) + this.initialLearningRate
      );
    }
    return this.decay(s - this.warmupSteps, this.warmupTarget);
  }

  getConfig(): tf.serialization.ConfigDict {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      alpha: this.alpha,
      warmupTarget: this.warmupTarget,
      warmupSteps: this.warmupSteps,
    };
  }

  private decay(step: number, from: number): number {
    const cosine = 0.5 * (1 + Math.cos((Math.PI * step) / this.decaySteps));
    return from * ((1 - this.alpha) * cosine + this.alpha);
  }
}
