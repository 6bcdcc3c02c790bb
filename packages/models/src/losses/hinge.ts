import * as tf from '@strata/core';
import { type LossArgs, LossFunctionWrapper } from './loss.js';
import { hingeLabels, requireSameShape, toFloat } from './loss-utils.js';

/** Per-sample hinge; see {@link Hinge}. */
export function hinge(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  requireSameShape('hinge', yTrue, yPred);
  return tf.tidy(() => {
    const t = toFloat(yTrue);
    const p = toFloat(yPred);
    return tf.mean(tf.relu(tf.sub(1, tf.mul(hingeLabels(t), p))), -1);
  });
}

/**
 * Hinge loss (Keras `Hinge`, name `'hinge'`) for targets in {-1, 1} (0/1 targets are mapped to -1/1 when all
 * targets are 0 or 1, as Keras does): `mean(max(1 - yTrue · yPred, 0), axis=-1)`.
 */
export class Hinge extends LossFunctionWrapper {
  static override readonly className = 'Hinge';
  constructor(args: LossArgs = {}) {
    super(hinge, { ...args, name: args.name ?? 'hinge' });
  }
}
