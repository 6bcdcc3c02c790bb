import * as tf from '@strata/core';
import { formatShapeCode, ShapeMismatchError } from '@strata/core';

/** Keras's `backend.epsilon()`: probabilities are clipped to `[EPSILON, 1 - EPSILON]` before a log. */
export const EPSILON = 1e-7;

/**
 * Keras's `squeeze_or_expand_to_same_rank`: when the ranks differ by exactly one and the longer tensor ends in a
 * size-1 axis, squeeze that axis (or, if the shorter one is rank 1, expand it). So labels of shape `[32]` meet
 * predictions of shape `[32, 1]` as `[32, 1]`, and weights of shape `[32, 1]` meet losses of shape `[32]`.
 */
export function squeezeOrExpandToSameRank(
  a: tf.Tensor,
  b: tf.Tensor,
  expandRank1 = true,
): [tf.Tensor, tf.Tensor] {
  if (a.rank === b.rank + 1 && a.shape[a.rank - 1] === 1) {
    return b.rank === 1 && expandRank1 ? [a, tf.expandDims(b, -1)] : [tf.squeeze(a, [-1]), b];
  }
  if (b.rank === a.rank + 1 && b.shape[b.rank - 1] === 1) {
    return a.rank === 1 && expandRank1 ? [tf.expandDims(a, -1), b] : [a, tf.squeeze(b, [-1])];
  }
  return [a, b];
}

/** Throws unless `yTrue` and `yPred` have the same shape (after squeezeOrExpandToSameRank). */
export function requireSameShape(lossName: string, yTrue: tf.Tensor, yPred: tf.Tensor, fix = ''): void {
  if (tf.util.arraysEqual(yTrue.shape, yPred.shape)) return;
  throw new ShapeMismatchError(
    `Loss '${lossName}'`,
    `yTrue of shape ${formatShapeCode(yPred.shape)} (the shape of yPred)`,
    yTrue.shape,
    fix ||
      `Give yTrue and yPred the same shape: e.g. reshape the targets to ${formatShapeCode(yPred.shape)}, ` +
        `or check that the model's last layer has one unit per target value.`,
  );
}

/** Casts `x` to float32 if it is not already (labels often arrive as int32). */
export function toFloat(x: tf.Tensor): tf.Tensor {
  return x.dtype === 'float32' ? x : tf.cast(x, 'float32');
}

/**
 * Keras's `convert_binary_labels_to_hinge`: if every target is 0 or 1, map them to -1 and 1; otherwise leave
 * them. Decided on the device (no read-back).
 */
export function hingeLabels(yTrue: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const binary = tf.all(tf.logicalOr(tf.equal(yTrue, 0), tf.equal(yTrue, 1)));
    return tf.where(tf.broadcastTo(binary, yTrue.shape), tf.sub(tf.mul(yTrue, 2), 1), yTrue);
  });
}
