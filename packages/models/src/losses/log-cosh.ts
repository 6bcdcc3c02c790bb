import * as tf from '@strata/core';
import { type LossArgs, LossFunctionWrapper } from './loss.js';
import { requireSameShape, toFloat } from './loss-utils.js';

/** Per-sample log_cosh; see {@link LogCosh}. */
export function logCosh(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  requireSameShape('log_cosh', yTrue, yPred);
  return tf.tidy(() => {
    const t = toFloat(yTrue);
    const p = toFloat(yPred);
    const x = tf.sub(p, t);
    return tf.mean(tf.sub(tf.add(x, tf.softplus(tf.mul(-2, x))), Math.LN2), -1);
  });
}

/**
 * Logarithm of the hyperbolic cosine of the error (Keras `LogCosh`, names `'log_cosh'`, `'logcosh'`):
 * `mean(log(cosh(yPred - yTrue)), axis=-1)`, computed as `x + softplus(-2x) - log 2` so large errors do not
 * overflow. About `x²/2` for small errors and `|x| - log 2` for large ones.
 */
export class LogCosh extends LossFunctionWrapper {
  static override readonly className = 'LogCosh';
  constructor(args: LossArgs = {}) {
    super(logCosh, { ...args, name: args.name ?? 'log_cosh' });
  }
}
