import * as tf from '@strata/core';
import { BaseOptimizer, type OptimizerArgs } from './base-optimizer.js';
import { requirePositive, requireUnitInterval } from './validate.js';

export interface NadamArgs extends OptimizerArgs {
  /** Default: `0.001`. */
  learningRate?: OptimizerArgs['learningRate'];
  /** Default: `0.9`. */
  beta1?: number;
  /** Default: `0.999`. */
  beta2?: number;
  /** Default: `1e-7`. */
  epsilon?: number;
}

/**
 * Nadam (Keras `Nadam`, name `'nadam'`): Adam with Nesterov momentum and Keras's momentum schedule. At step `t`
 * (1-based): `μₜ = β1·(1 - 0.5·0.96ᵗ)`, `Πₜ = μ₁·…·μₜ`;
 * `m ← m + (g - m)(1 - β1)`, `v ← v + (g² - v)(1 - β2)`,
 * `m̂ = μₜ₊₁·m / (1 - Πₜ·μₜ₊₁) + (1 - μₜ)·g / (1 - Πₜ)`, `v̂ = v / (1 - β2ᵗ)`, `w ← w - lr·m̂ / (√v̂ + ε)`.
 * `Πₜ` is a plain number derived from `iterations` (restored by `setWeights`).
 */
export class Nadam extends BaseOptimizer {
  static override readonly className = 'Nadam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private uProduct = 1;

  constructor(args: NadamArgs = {}) {
    super(args, { learningRate: 0.001, name: 'nadam' });
    const owner = `Optimizer '${this.name}'`;
    this.beta1 = requireUnitInterval(owner, 'beta1', args.beta1 ?? 0.9);
    this.beta2 = requireUnitInterval(owner, 'beta2', args.beta2 ?? 0.999);
    this.epsilon = requirePositive(owner, 'epsilon', args.epsilon ?? 1e-7);
  }

  protected slotNames(): readonly string[] {
    return ['momentum', 'velocity'];
  }

  protected override beforeUpdates(step: number): void {
    this.uProduct *= this.mu(step + 1);
  }

  protected override afterSetIterations(iterations: number): void {
    this.uProduct = 1;
    for (let t = 1; t <= iterations; t++) this.uProduct *= this.mu(t);
  }

  protected updateStep(
    g: tf.Tensor,
    w: tf.Variable,
    [m, v]: tf.Variable[],
    lr: tf.Scalar,
    step: number,
  ): void {
    const t = step + 1;
    const muT = this.mu(t);
    const muNext = this.mu(t + 1);
    const productNext = this.uProduct * muNext;
    m.assign(tf.add(m, tf.mul(tf.sub(g, m), 1 - this.beta1)));
    v.assign(tf.add(v, tf.mul(tf.sub(tf.square(g), v), 1 - this.beta2)));
    const mHat = tf.add(tf.mul(m, muNext / (1 - productNext)), tf.mul(g, (1 - muT) / (1 - this.uProduct)));
    const vHat = tf.div(v, 1 - this.beta2 ** t);
    w.assign(tf.sub(w, tf.div(tf.mul(mHat, lr), tf.add(tf.sqrt(vHat), this.epsilon))));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  private mu(t: number): number {
    return this.beta1 * (1 - 0.5 * 0.96 ** t);
  }
}
