import * as tf from '@strata/core';
import { BaseOptimizer, type OptimizerArgs } from './base-optimizer.js';
import { requirePositive, requireUnitInterval } from './validate.js';

export interface AdadeltaArgs extends OptimizerArgs {
  /** Default: `0.001` (Keras's; the original paper has no learning rate, i.e. 1). */
  learningRate?: OptimizerArgs['learningRate'];
  /** Decay of the moving averages. Default: `0.95`. */
  rho?: number;
  /** Default: `1e-7`. */
  epsilon?: number;
}

/**
 * Adadelta (Keras `Adadelta`, name `'adadelta'`):
 * `E[g²] ← ρ·E[g²] + (1 - ρ)·g²`, `Δ = -√(E[Δ²] + ε) / √(E[g²] + ε) · g` (with the new `E[g²]`),
 * `E[Δ²] ← ρ·E[Δ²] + (1 - ρ)·Δ²`, `w ← w + lr·Δ`.
 *
 * (tfjs's AdadeltaOptimizer divides by the previous step's `E[g²]`, so it differs from Keras.)
 */
export class Adadelta extends BaseOptimizer {
  static override readonly className = 'Adadelta';
  readonly rho: number;
  readonly epsilon: number;

  constructor(args: AdadeltaArgs = {}) {
    super(args, { learningRate: 0.001, name: 'adadelta' });
    const owner = `Optimizer '${this.name}'`;
    this.rho = requireUnitInterval(owner, 'rho', args.rho ?? 0.95);
    this.epsilon = requirePositive(owner, 'epsilon', args.epsilon ?? 1e-7);
  }

  protected slotNames(): readonly string[] {
    return ['accumulated_grad', 'accumulated_delta_var'];
  }

  protected updateStep(
    g: tf.Tensor,
    w: tf.Variable,
    [accGrad, accDelta]: tf.Variable[],
    lr: tf.Scalar,
  ): void {
    const rms = (x: tf.Tensor) => tf.sqrt(tf.add(x, this.epsilon));
    accGrad.assign(tf.add(tf.mul(accGrad, this.rho), tf.mul(tf.square(g), 1 - this.rho)));
    const delta = tf.neg(tf.div(tf.mul(rms(accDelta), g), rms(accGrad)));
    accDelta.assign(tf.add(tf.mul(accDelta, this.rho), tf.mul(tf.square(delta), 1 - this.rho)));
    w.assign(tf.add(w, tf.mul(delta, lr)));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rho: this.rho, epsilon: this.epsilon };
  }
}
