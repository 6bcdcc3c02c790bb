import * as tf from '@strata/core';
import { type LossArgs, LossFunctionWrapper } from './loss.js';
import { hingeLabels, requireSameShape, toFloat } from './loss-utils.js';

/** Per-sample squared_hinge; see {@link SquaredHinge}. */
export function squaredHinge(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  requireSameShape('squared_hinge', yTrue, yPred);
  return tf.tidy(() => {
    const t = toFloat(yTrue);
    const p = toFloat(yPred);
    return tf.mean(tf.square(tf.relu(tf.sub(1, tf.mul(hingeLabels(t), p)))), -1);
  });
}

/**
 * Squared hinge loss (Keras `SquaredHinge`, name `'squared_hinge'`) for targets in {-1, 1} (0/1 mapped to
 * -1/1 as in Hinge): `mean(max(1 - yTrue · yPred, 0)², axis=-1)`.
 */
export class SquaredHinge extends LossFunctionWrapper {
  static override readonly className = 'SquaredHinge';
  constructor(args: LossArgs = {}) {
    super(squaredHinge, { ...args, name: args.name ?? 'squared_hinge' });
  }
}
