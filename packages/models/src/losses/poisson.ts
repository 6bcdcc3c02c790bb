import * as tf from '@strata/core';
import { type LossArgs, LossFunctionWrapper } from './loss.js';
import { EPSILON, requireSameShape, toFloat } from './loss-utils.js';

/** Per-sample poisson; see {@link Poisson}. */
export function poisson(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  requireSameShape('poisson', yTrue, yPred);
  return tf.tidy(() => {
    const t = toFloat(yTrue);
    const p = toFloat(yPred);
    return tf.mean(tf.sub(p, tf.mul(t, tf.log(tf.add(p, EPSILON)))), -1);
  });
}

/**
 * Poisson loss (Keras `Poisson`, name `'poisson'`), for count targets and positive predicted rates:
 * `mean(yPred - yTrue · log(yPred + 1e-7), axis=-1)`.
 */
export class Poisson extends LossFunctionWrapper {
  static override readonly className = 'Poisson';
  constructor(args: LossArgs = {}) {
    super(poisson, { ...args, name: args.name ?? 'poisson' });
  }
}
