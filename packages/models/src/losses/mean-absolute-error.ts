import * as tf from '@strata/core';
import { type LossArgs, LossFunctionWrapper } from './loss.js';
import { requireSameShape, toFloat } from './loss-utils.js';

/** Per-sample mean absolute error: `mean(|yTrue - yPred|, axis=-1)`. */
export function meanAbsoluteError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  requireSameShape('mean_absolute_error', yTrue, yPred);
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(toFloat(yTrue), toFloat(yPred))), -1));
}

/**
 * Mean absolute error (Keras `MeanAbsoluteError`, names `'mae'`, `'mean_absolute_error'`):
 * `loss = mean(|yTrue - yPred|, axis=-1)`.
 * @example new MeanAbsoluteError().apply(tf.tensor2d([[0, 1]]), tf.tensor2d([[1, 1]])); // 0.5
 */
export class MeanAbsoluteError extends LossFunctionWrapper {
  static override readonly className = 'MeanAbsoluteError';
  constructor(args: LossArgs = {}) {
    super(meanAbsoluteError, { ...args, name: args.name ?? 'mean_absolute_error' });
  }
}
