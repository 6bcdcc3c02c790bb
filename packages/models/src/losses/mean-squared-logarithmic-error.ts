import * as tf from '@strata/core';
import { type LossArgs, LossFunctionWrapper } from './loss.js';
import { EPSILON, requireSameShape, toFloat } from './loss-utils.js';

/** Per-sample mean_squared_logarithmic_error; see {@link MeanSquaredLogarithmicError}. */
export function meanSquaredLogarithmicError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  requireSameShape('mean_squared_logarithmic_error', yTrue, yPred);
  return tf.tidy(() => {
    const t = toFloat(yTrue);
    const p = toFloat(yPred);
    const logOf = (x: tf.Tensor) => tf.log1p(tf.maximum(x, EPSILON));
    return tf.mean(tf.squaredDifference(logOf(p), logOf(t)), -1);
  });
}

/**
 * Mean squared logarithmic error (Keras `MeanSquaredLogarithmicError`, names `'msle'`,
 * `'mean_squared_logarithmic_error'`): `mean((log(max(yPred, 1e-7) + 1) - log(max(yTrue, 1e-7) + 1))², axis=-1)`.
 */
export class MeanSquaredLogarithmicError extends LossFunctionWrapper {
  static override readonly className = 'MeanSquaredLogarithmicError';
  constructor(args: LossArgs = {}) {
    super(meanSquaredLogarithmicError, { ...args, name: args.name ?? 'mean_squared_logarithmic_error' });
  }
}
