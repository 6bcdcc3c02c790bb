import * as tf from '@strata/core';
import { BaseOptimizer, type OptimizerArgs } from './base-optimizer.js';
import { requirePositive, requireUnitInterval } from './validate.js';

export interface RMSpropArgs extends OptimizerArgs {
  /** Default: `0.001`. */
  learningRate?: OptimizerArgs['learningRate'];
  /** Decay of the moving average of squared gradients. Default: `0.9`. */
  rho?: number;
  /** Momentum applied to the updates. Default: `0`. */
  momentum?: number;
  /** Default: `1e-7` (Keras's; fixed, not the backend's epsilon). */
  epsilon?: number;
  /** Normalise by the variance (subtract the squared mean gradient) instead of the second moment. Default: `false`. */
  centered?: boolean;
}

/**
 * RMSprop (Keras `RMSprop`, name `'rmsprop'`): `s ← ρ·s + (1 - ρ)·g²`; with `centered`, also
 * `ḡ ← ρ·ḡ + (1 - ρ)·g` and `s - ḡ²` in place of `s`; `Δ = lr·g / √(s + ε)`; with momentum `μ > 0`,
 * `u ← μ·u + Δ` and `w ← w - u`, else `w ← w - Δ`.
 *
 * (tfjs's RMSPropOptimizer agrees when not centered; centered, it computes `√(s - ḡ² - ε)`.)
 */
export class RMSprop extends BaseOptimizer {
  static override readonly className = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(args: RMSpropArgs = {}) {
    super(args, { learningRate: 0.001, name: 'rmsprop' });
    const owner = `Optimizer '${this.name}'`;
    this.rho = requireUnitInterval(owner, 'rho', args.rho ?? 0.9);
    this.momentum = requireUnitInterval(owner, 'momentum', args.momentum ?? 0);
    this.epsilon = requirePositive(owner, 'epsilon', args.epsilon ?? 1e-7);
    this.centered = args.centered ?? false;
  }

  protected slotNames(): readonly string[] {
    return [
      'velocity',
      ...(this.momentum > 0 ? ['momentum'] : []),
      ...(this.centered ? ['average_gradient'] : []),
    ];
  }

  protected updateStep(g: tf.Tensor, w: tf.Variable, slots: tf.Variable[], lr: tf.Scalar): void {
    const [velocity] = slots;
    const momentum = this.momentum > 0 ? slots[1] : undefined;
    const averageGrad = this.centered ? slots[slots.length - 1] : undefined;
    velocity.assign(tf.add(tf.mul(velocity, this.rho), tf.mul(tf.square(g), 1 - this.rho)));
    let denominator: tf.Tensor = tf.add(velocity, this.epsilon);
    if (averageGrad !== undefined) {
      averageGrad.assign(tf.add(tf.mul(averageGrad, this.rho), tf.mul(g, 1 - this.rho)));
      denominator = tf.add(tf.sub(velocity, tf.square(averageGrad)), this.epsilon);
    }
    const increment = tf.div(tf.mul(g, lr), tf.sqrt(denominator));
    if (momentum !== undefined) {
      momentum.assign(tf.add(tf.mul(momentum, this.momentum), increment));
      w.assign(tf.sub(w, momentum));
    } else {
      w.assign(tf.sub(w, increment));
    }
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      rho: this.rho,
      momentum: this.momentum,
      epsilon: this.epsilon,
      centered: this.centered,
    };
  }
}
