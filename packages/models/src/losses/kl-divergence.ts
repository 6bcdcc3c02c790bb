import * as tf from '@strata/core';
import { type LossArgs, LossFunctionWrapper } from './loss.js';
import { EPSILON, requireSameShape, toFloat } from './loss-utils.js';

/** Per-sample Kullback-Leibler divergence; see {@link KLDivergence}. */
export function klDivergence(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  requireSameShape('kl_divergence', yTrue, yPred);
  return tf.tidy(() => {
    const t = tf.clipByValue(toFloat(yTrue), EPSILON, 1);
    const p = tf.clipByValue(toFloat(yPred), EPSILON, 1);
    return tf.sum(tf.mul(t, tf.log(tf.div(t, p))), -1);
  });
}

/**
 * Kullback-Leibler divergence (Keras `KLDivergence`, names `'kld'`, `'kl_divergence'`,
 * `'kullback_leibler_divergence'`): `sum(yTrue · log(yTrue / yPred), axis=-1)`, with both clipped to `[1e-7, 1]`
 * first (as Keras does) so zeros give no NaN.
 */
export class KLDivergence extends LossFunctionWrapper {
  static override readonly className = 'KLDivergence';
  constructor(args: LossArgs = {}) {
    super(klDivergence, { ...args, name: args.name ?? 'kl_divergence' });
  }
}

/** Alias of {@link klDivergence}. */
export const kullbackLeiblerDivergence = klDivergence;
/** Alias of {@link klDivergence}. */
export const kld = klDivergence;
