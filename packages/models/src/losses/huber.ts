import * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import { type LossArgs, type LossConfig, LossFunctionWrapper } from './loss.js';
import { requireSameShape, toFloat } from './loss-utils.js';

/** Per-sample Huber loss; see {@link Huber}. */
export function huber(yTrue: tf.Tensor, yPred: tf.Tensor, delta = 1): tf.Tensor {
  requireSameShape('huber_loss', yTrue, yPred);
  return tf.tidy(() => {
    const error = tf.sub(toFloat(yPred), toFloat(yTrue));
    const absError = tf.abs(error);
    const quadratic = tf.mul(0.5, tf.square(error));
    const linear = tf.sub(tf.mul(delta, absError), 0.5 * delta * delta);
    return tf.mean(tf.where(tf.lessEqual(absError, delta), quadratic, linear), -1);
  });
}

export interface HuberArgs extends LossArgs {
  /** Where the loss turns from quadratic to linear. Default: `1`. */
  delta?: number;
}

/**
 * Huber loss (Keras `Huber`, names `'huber'`, `'huber_loss'`), with `e = yPred - yTrue`:
 * `0.5·e²` where `|e| ≤ delta`, else `delta·|e| - 0.5·delta²`; averaged over the last axis.
 * Less sensitive to outliers than MSE.
 * @example new Huber({ delta: 1 }).apply(tf.tensor2d([[0]]), tf.tensor2d([[3]])); // 2.5
 */
export class Huber extends LossFunctionWrapper {
  static override readonly className = 'Huber';
  readonly delta: number;

  constructor(args: HuberArgs = {}) {
    const delta = args.delta ?? 1;
    if (!(delta > 0)) {
      throw new InvalidArgumentError(
        `Huber loss got delta=${delta}. Pass a positive number (Keras default: 1).`,
      );
    }
    super((yTrue, yPred) => huber(yTrue, yPred, delta), { ...args, name: args.name ?? 'huber_loss' });
    this.delta = delta;
  }

  override getConfig(): LossConfig {
    return { ...super.getConfig(), delta: this.delta };
  }
}
