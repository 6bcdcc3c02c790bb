import * as tf from '@strata/core';
import { type LossArgs, LossFunctionWrapper } from './loss.js';
import { requireSameShape, toFloat } from './loss-utils.js';

/** Per-sample categorical_hinge; see {@link CategoricalHinge}. */
export function categoricalHinge(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  requireSameShape('categorical_hinge', yTrue, yPred);
  return tf.tidy(() => {
    const t = toFloat(yTrue);
    const p = toFloat(yPred);
    const positive = tf.sum(tf.mul(t, p), -1);
    const negative = tf.max(tf.mul(tf.sub(1, t), p), -1);
    return tf.relu(tf.add(tf.sub(negative, positive), 1));
  });
}

/**
 * Categorical hinge loss (Keras `CategoricalHinge`, name `'categorical_hinge'`) for one-hot targets:
 * `max(max((1 - yTrue) · yPred) - sum(yTrue · yPred) + 1, 0)` over the last axis.
 */
export class CategoricalHinge extends LossFunctionWrapper {
  static override readonly className = 'CategoricalHinge';
  constructor(args: LossArgs = {}) {
    super(categoricalHinge, { ...args, name: args.name ?? 'categorical_hinge' });
  }
}
