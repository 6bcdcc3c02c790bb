import * as tf from '@strata/core';
import { BaseOptimizer, type OptimizerArgs } from './base-optimizer.js';
import { requirePositive, requireUnitInterval } from './validate.js';

export interface AdamaxArgs extends OptimizerArgs {
  /** Default: `0.001`. */
  learningRate?: OptimizerArgs['learningRate'];
  /** Default: `0.9`. */
  beta1?: number;
  /** Decay of the exponentially weighted infinity norm. Default: `0.999`. */
  beta2?: number;
  /** Default: `1e-7` (Keras's; fixed, not the backend's epsilon). */
  epsilon?: number;
}

/**
 * Adamax (Keras `Adamax`, name `'adamax'`), Adam with the infinity norm. At step `t` (1-based):
 * `m ← m + (g - m)(1 - β1)`, `u ← max(β2·u, |g|)`, `w ← w - lr·m / ((1 - β1ᵗ)(u + ε))`.
 */
export class Adamax extends BaseOptimizer {
  static override readonly className = 'Adamax';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(args: AdamaxArgs = {}) {
    super(args, { learningRate: 0.001, name: 'adamax' });
    const owner = `Optimizer '${this.name}'`;
    this.beta1 = requireUnitInterval(owner, 'beta1', args.beta1 ?? 0.9);
    this.beta2 = requireUnitInterval(owner, 'beta2', args.beta2 ?? 0.999);
    this.epsilon = requirePositive(owner, 'epsilon', args.epsilon ?? 1e-7);
  }

  protected slotNames(): readonly string[] {
    return ['m', 'u'];
  }

  protected updateStep(
    g: tf.Tensor,
    w: tf.Variable,
    [m, u]: tf.Variable[],
    lr: tf.Scalar,
    step: number,
  ): void {
    m.assign(tf.add(m, tf.mul(tf.sub(g, m), 1 - this.beta1)));
    u.assign(tf.maximum(tf.mul(u, this.beta2), tf.abs(g)));
    const correction = 1 - this.beta1 ** (step + 1);
    w.assign(tf.sub(w, tf.div(tf.mul(m, lr), tf.mul(tf.add(u, this.epsilon), correction))));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
