import * as tf from '@strata/core';
import { BaseOptimizer, type OptimizerArgs } from './base-optimizer.js';
import { requireNonNegative } from './validate.js';

export interface SGDArgs extends OptimizerArgs {
  /** Default: `0.01`. */
  learningRate?: OptimizerArgs['learningRate'];
  /** Velocity decay; 0 is plain gradient descent. Default: `0`. */
  momentum?: number;
  /** Use Nesterov momentum. Default: `false`. */
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent with optional (Nesterov) momentum (Keras `SGD`, name `'sgd'`):
 * - `momentum = 0`: `w ← w - lr·g`;
 * - else `v ← momentum·v - lr·g`, then `w ← w + v`, or with `nesterov` `w ← w + momentum·v - lr·g`.
 *
 * The velocity folds in the learning rate of each step, as in Keras; tfjs's MomentumOptimizer instead scales the
 * whole accumulated gradient by the current rate, which differs once the rate changes (schedules, callbacks).
 * @example new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true });
 */
export class SGD extends BaseOptimizer {
  static override readonly className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(args: SGDArgs = {}) {
    super(args, { learningRate: 0.01, name: 'sgd' });
    this.momentum = requireNonNegative(`Optimizer '${this.name}'`, 'momentum', args.momentum ?? 0);
    this.nesterov = args.nesterov ?? false;
  }

  protected slotNames(): readonly string[] {
    return this.momentum !== 0 ? ['momentum'] : [];
  }

  protected updateStep(g: tf.Tensor, w: tf.Variable, slots: tf.Variable[], lr: tf.Scalar): void {
    if (this.momentum === 0) {
      w.assign(tf.sub(w, tf.mul(g, lr)));
      return;
    }
    const [velocity] = slots;
    const step = tf.mul(g, lr);
    const v = tf.sub(tf.mul(velocity, this.momentum), step);
    velocity.assign(v);
    w.assign(this.nesterov ? tf.add(w, tf.sub(tf.mul(v, this.momentum), step)) : tf.add(w, v));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}
