import * as tf from '@strata/core';
import { type LossArgs, LossFunctionWrapper } from './loss.js';
import { EPSILON, requireSameShape, toFloat } from './loss-utils.js';

/** Per-sample mean_absolute_percentage_error; see {@link MeanAbsolutePercentageError}. */
export function meanAbsolutePercentageError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  requireSameShape('mean_absolute_percentage_error', yTrue, yPred);
  return tf.tidy(() => {
    const t = toFloat(yTrue);
    const p = toFloat(yPred);
    return tf.mul(100, tf.mean(tf.abs(tf.div(tf.sub(t, p), tf.maximum(tf.abs(t), EPSILON))), -1));
  });
}

/**
 * Mean absolute percentage error (Keras `MeanAbsolutePercentageError`, names `'mape'`,
 * `'mean_absolute_percentage_error'`): `100 · mean(|yTrue - yPred| / max(|yTrue|, 1e-7), axis=-1)`.
 */
export class MeanAbsolutePercentageError extends LossFunctionWrapper {
  static override readonly className = 'MeanAbsolutePercentageError';
  constructor(args: LossArgs = {}) {
    super(meanAbsolutePercentageError, { ...args, name: args.name ?? 'mean_absolute_percentage_error' });
  }
}
