import * as tf from '@strata/core';
import { BaseOptimizer, type OptimizerArgs } from './base-optimizer.js';
import { requirePositive, requireUnitInterval } from './validate.js';

export interface AdamArgs extends OptimizerArgs {
  /** Default: `0.001`. */
  learningRate?: OptimizerArgs['learningRate'];
  /** Decay of the first-moment estimate. Default: `0.9`. */
  beta1?: number;
  /** Decay of the second-moment estimate. Default: `0.999`. */
  beta2?: number;
  /** Added to the denominator. Default: `1e-7` (Keras's; fixed, not the backend's epsilon). */
  epsilon?: number;
  /** Use the AMSGrad variant (the maximum of past second moments). Default: `false`. */
  amsgrad?: boolean;
}

/**
 * Adam (Keras `Adam`, name `'adam'`). At step `t` (1-based), with gradient `g`:
 * `m ← m + (g - m)(1 - β1)`, `v ← v + (g² - v)(1 - β2)` (with `amsgrad`, `v̂ ← max(v̂, v)` is used for `v`),
 * `w ← w - lr · √(1 - β2ᵗ) / (1 - β1ᵗ) · m / (√v + ε)`.
 *
 * This is Keras's form: ε is added to `√v` before bias correction, where tfjs's AdamOptimizer adds it after
 * (`m̂ / (√v̂ + ε)`); the two differ by about ε and agree closely otherwise.
 */
export class Adam extends BaseOptimizer {
  static override readonly className: string = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;

  constructor(args: AdamArgs = {}, defaults = { learningRate: 0.001, name: 'adam' }) {
    super(args, defaults);
    const owner = `Optimizer '${this.name}'`;
    this.beta1 = requireUnitInterval(owner, 'beta1', args.beta1 ?? 0.9);
    this.beta2 = requireUnitInterval(owner, 'beta2', args.beta2 ?? 0.999);
    this.epsilon = requirePositive(owner, 'epsilon', args.epsilon ?? 1e-7);
    this.amsgrad = args.amsgrad ?? false;
  }

  protected slotNames(): readonly string[] {
    return this.amsgrad ? ['momentum', 'velocity', 'velocity_hat'] : ['momentum', 'velocity'];
  }

  protected updateStep(
    g: tf.Tensor,
    w: tf.Variable,
    slots: tf.Variable[],
    lr: tf.Scalar,
    step: number,
  ): void {
    const [m, v, vHat] = slots;
    const t = step + 1;
    const alpha = tf.mul(lr, Math.sqrt(1 - this.beta2 ** t) / (1 - this.beta1 ** t));
    m.assign(tf.add(m, tf.mul(tf.sub(g, m), 1 - this.beta1)));
    v.assign(tf.add(v, tf.mul(tf.sub(tf.square(g), v), 1 - this.beta2)));
    let second: tf.Tensor = v;
    if (this.amsgrad) {
      vHat.assign(tf.maximum(vHat, v));
      second = vHat;
    }
    w.assign(tf.sub(w, tf.div(tf.mul(m, alpha), tf.add(tf.sqrt(second), this.epsilon))));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      amsgrad: this.amsgrad,
    };
  }
}
