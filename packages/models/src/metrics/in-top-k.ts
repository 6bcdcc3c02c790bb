import * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';

/**
 * Per-row 0/1: is the score of class `labels[i]` among the `k` largest of `predictions[i]`? Like TF's
 * `in_top_k`, classes tied with the k-th largest score count as in the top k.
 */
export function inTopK(predictions: tf.Tensor, labels: tf.Tensor, k: number): tf.Tensor {
  return tf.tidy(() => {
    const classes = predictions.shape[predictions.rank - 1];
    const rows = tf.reshape(predictions, [-1, classes]);
    const kth = tf.slice(tf.topk(rows, Math.min(k, classes)).values, [0, Math.min(k, classes) - 1], [-1, 1]);
    const target = tf.sum(tf.mul(rows, tf.oneHot(tf.reshape(labels, [-1]), classes)), -1, true);
    return tf.reshape(tf.cast(tf.greaterEqual(target, kth), 'float32'), labels.shape);
  });
}

export function requirePositiveK(metric: string, k: number): number {
  if (!Number.isInteger(k) || k < 1) {
    throw new InvalidArgumentError(`${metric} got k=${k}. Pass a positive integer (Keras default: 5).`);
  }
  return k;
}
