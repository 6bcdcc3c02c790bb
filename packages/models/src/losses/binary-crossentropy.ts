import * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import { type LossArgs, type LossConfig, LossFunctionWrapper } from './loss.js';
import { EPSILON, requireSameShape, toFloat } from './loss-utils.js';

export interface CrossentropyOptions {
  /** Whether `yPred` holds logits (no sigmoid/softmax applied) rather than probabilities. Default: `false`. */
  fromLogits?: boolean;
  /** In `[0, 1]`: squeeze the targets towards the uniform distribution. Default: `0`. */
  labelSmoothing?: number;
}

/** Per-sample binary crossentropy; see {@link BinaryCrossentropy}. */
export function binaryCrossentropy(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  { fromLogits = false, labelSmoothing = 0 }: CrossentropyOptions = {},
): tf.Tensor {
  requireSameShape('binary_crossentropy', yTrue, yPred, binaryFix(yPred));
  return tf.tidy(() => {
    let t = toFloat(yTrue);
    if (labelSmoothing) t = tf.add(tf.mul(t, 1 - labelSmoothing), 0.5 * labelSmoothing);
    const p = toFloat(yPred);
    if (fromLogits) {
      // max(x, 0) - x·z + log(1 + e^-|x|): exact for any logit, never overflows (TF's sigmoid_cross_entropy_with_logits).
      const perElement = tf.add(tf.sub(tf.relu(p), tf.mul(p, t)), tf.log1p(tf.exp(tf.neg(tf.abs(p)))));
      return tf.mean(perElement, -1);
    }
    const clipped = tf.clipByValue(p, EPSILON, 1 - EPSILON);
    const perElement = tf.add(tf.mul(t, tf.log(clipped)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, clipped))));
    return tf.neg(tf.mean(perElement, -1));
  });
}

function binaryFix(yPred: tf.Tensor): string {
  return (
    `Binary crossentropy compares one probability per target: give yTrue the shape of yPred. ` +
    `For one integer class label per sample with ${yPred.shape[yPred.rank - 1]} output units, use ` +
    `'sparse_categorical_crossentropy'.`
  );
}

export function checkCrossentropyOptions(loss: string, { labelSmoothing = 0 }: CrossentropyOptions): void {
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new InvalidArgumentError(
      `Loss '${loss}' got labelSmoothing=${labelSmoothing}. Pass a number in [0, 1] (0 turns smoothing off).`,
    );
  }
}

/**
 * Binary crossentropy (Keras `BinaryCrossentropy`, name `'binary_crossentropy'`) for 0/1 targets, averaged over
 * the last axis: `-mean(y·log(p) + (1 - y)·log(1 - p))`.
 * - Probabilities (default) are clipped to `[1e-7, 1 - 1e-7]` first, as Keras does.
 * - With `fromLogits: true`, the stable form `max(x, 0) - x·y + log(1 + e^-|x|)` is used (prefer it: pair a
 *   Dense layer without activation with this loss).
 * - `labelSmoothing` s replaces `y` by `y·(1 - s) + 0.5·s`.
 * @example new BinaryCrossentropy({ fromLogits: true }).apply(yTrue, logits);
 */
export class BinaryCrossentropy extends LossFunctionWrapper {
  static override readonly className = 'BinaryCrossentropy';
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;

  constructor(args: LossArgs & CrossentropyOptions = {}) {
    checkCrossentropyOptions(args.name ?? 'binary_crossentropy', args);
    const options = { fromLogits: args.fromLogits ?? false, labelSmoothing: args.labelSmoothing ?? 0 };
    super((t, p) => binaryCrossentropy(t, p, options), {
      name: args.name ?? 'binary_crossentropy',
      reduction: args.reduction,
    });
    this.fromLogits = options.fromLogits;
    this.labelSmoothing = options.labelSmoothing;
  }

  override getConfig(): LossConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing };
  }
}
