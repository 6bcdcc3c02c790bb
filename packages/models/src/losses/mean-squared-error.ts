import * as tf from '@strata/core';
import { type LossArgs, LossFunctionWrapper } from './loss.js';
import { requireSameShape, toFloat } from './loss-utils.js';

/** Per-sample mean squared error: `mean((yTrue - yPred)², axis=-1)`. */
export function meanSquaredError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  requireSameShape('mean_squared_error', yTrue, yPred);
  return tf.tidy(() => tf.mean(tf.squaredDifference(toFloat(yTrue), toFloat(yPred)), -1));
}

/**
 * Mean squared error (Keras `MeanSquaredError`, names `'mse'`, `'mean_squared_error'`):
 * `loss = mean((yTrue - yPred)², axis=-1)`.
 * @example new MeanSquaredError().apply(tf.tensor2d([[0, 1]]), tf.tensor2d([[1, 1]])); // 0.5
 */
export class MeanSquaredError extends LossFunctionWrapper {
  static override readonly className = 'MeanSquaredError';
  constructor(args: LossArgs = {}) {
    super(meanSquaredError, { ...args, name: args.name ?? 'mean_squared_error' });
  }
}
