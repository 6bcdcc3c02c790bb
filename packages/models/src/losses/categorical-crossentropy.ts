import * as tf from '@strata/core';
import { type CrossentropyOptions, checkCrossentropyOptions } from './binary-crossentropy.js';
import { type LossArgs, type LossConfig, LossFunctionWrapper } from './loss.js';
import { EPSILON, requireSameShape, toFloat } from './loss-utils.js';

/** Per-sample categorical crossentropy; see {@link CategoricalCrossentropy}. */
export function categoricalCrossentropy(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  { fromLogits = false, labelSmoothing = 0 }: CrossentropyOptions = {},
): tf.Tensor {
  const classes = yPred.shape[yPred.rank - 1];
  requireSameShape(
    'categorical_crossentropy',
    yTrue,
    yPred,
    `Categorical crossentropy needs one-hot targets. For integer class labels of shape ` +
      `[${yTrue.shape[0] ?? 'batch'}] or [${yTrue.shape[0] ?? 'batch'}, 1], use 'sparse_categorical_crossentropy', ` +
      `or one-hot encode them first with tf.oneHot(labels, ${classes}).`,
  );
  return tf.tidy(() => {
    let t = toFloat(yTrue);
    if (labelSmoothing) t = tf.add(tf.mul(t, 1 - labelSmoothing), labelSmoothing / classes);
    const p = toFloat(yPred);
    if (fromLogits) return tf.neg(tf.sum(tf.mul(t, tf.logSoftmax(p)), -1));
    // Keras renormalises the probabilities to sum to 1, then clips them away from 0 and 1.
    const normalized = tf.div(p, tf.sum(p, -1, true));
    const clipped = tf.clipByValue(normalized, EPSILON, 1 - EPSILON);
    return tf.neg(tf.sum(tf.mul(t, tf.log(clipped)), -1));
  });
}

/**
 * Categorical crossentropy (Keras `CategoricalCrossentropy`, name `'categorical_crossentropy'`) for one-hot
 * targets `y` of shape `[batch, classes]`: `-sum(y·log(p), axis=-1)`.
 * - Probabilities (default) are renormalised to sum to 1 and clipped to `[1e-7, 1 - 1e-7]`, as Keras does.
 * - With `fromLogits: true`, `p = softmax(x)` is folded in as `-sum(y·logSoftmax(x))`, which is stable.
 * - `labelSmoothing` s replaces `y` by `y·(1 - s) + s / classes`.
 * @example new CategoricalCrossentropy({ fromLogits: true }).call(tf.oneHot([0], 3), tf.tensor2d([[2, 1, 0]]));
 */
export class CategoricalCrossentropy extends LossFunctionWrapper {
  static override readonly className = 'CategoricalCrossentropy';
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;

  constructor(args: LossArgs & CrossentropyOptions = {}) {
    checkCrossentropyOptions(args.name ?? 'categorical_crossentropy', args);
    const options = { fromLogits: args.fromLogits ?? false, labelSmoothing: args.labelSmoothing ?? 0 };
    super((t, p) => categoricalCrossentropy(t, p, options), {
      name: args.name ?? 'categorical_crossentropy',
      reduction: args.reduction,
    });
    this.fromLogits = options.fromLogits;
    this.labelSmoothing = options.labelSmoothing;
  }

  override getConfig(): LossConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing };
  }
}
