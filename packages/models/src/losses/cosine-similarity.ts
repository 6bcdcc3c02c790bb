import * as tf from '@strata/core';
import { type LossArgs, LossFunctionWrapper } from './loss.js';
import { requireSameShape, toFloat } from './loss-utils.js';

/** Per-sample cosine_similarity; see {@link CosineSimilarity}. */
export function cosineSimilarity(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  requireSameShape('cosine_similarity', yTrue, yPred);
  return tf.tidy(() => {
    const t = toFloat(yTrue);
    const p = toFloat(yPred);
    const normalize = (x: tf.Tensor) => tf.div(x, tf.sqrt(tf.maximum(tf.sum(tf.square(x), -1, true), 1e-12)));
    return tf.neg(tf.sum(tf.mul(normalize(t), normalize(p)), -1));
  });
}

/**
 * Negative cosine similarity (Keras `CosineSimilarity`, name `'cosine_similarity'`):
 * `-sum(l2Normalize(yTrue) · l2Normalize(yPred), axis=-1)`, from -1 (same direction, the minimum) to 1; a zero
 * vector gives 0. `l2Normalize(x) = x / √max(sum(x²), 1e-12)`.
 */
export class CosineSimilarity extends LossFunctionWrapper {
  static override readonly className = 'CosineSimilarity';
  constructor(args: LossArgs = {}) {
    super(cosineSimilarity, { ...args, name: args.name ?? 'cosine_similarity' });
  }
}
