import * as tf from '@strata/core';
import { squeezeOrExpandToSameRank } from '../losses/loss-utils.js';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/**
 * Keras's `reduce_to_samplewise_values`: weights `values` by `sampleWeight` (squeezed or expanded to a
 * compatible rank, then broadcast) and reduces both to one value per sample by their mean over the non-batch
 * axes. Returns `[values, weights]`; `weights` is `undefined` when no weight was given.
 */
export function reduceToSamplewise(
  values: tf.Tensor,
  sampleWeight?: tf.Tensor,
): [values: tf.Tensor, weights: tf.Tensor | undefined] {
  let v = values.dtype === 'float32' ? values : tf.cast(values, 'float32');
  let w: tf.Tensor | undefined;
  if (sampleWeight !== undefined) {
    w = sampleWeight.dtype === 'float32' ? sampleWeight : tf.cast(sampleWeight, 'float32');
    [v, w] = squeezeOrExpandToSameRank(v, w);
    if (v.rank > w.rank) v = tf.mean(v, range(w.rank, v.rank));
    w = tf.broadcastTo(w, v.shape);
    v = tf.mul(v, w);
    if (w.rank > 1) w = tf.mean(w, range(1, w.rank));
  }
  if (v.rank > 1) v = tf.mean(v, range(1, v.rank));
  return [v, w];
}

/** Adds a batch to a running mean kept as `total` and `count` scalars (Keras `Mean.update_state`). */
export function accumulateMean(
  total: tf.Variable,
  count: tf.Variable,
  values: tf.Tensor,
  sampleWeight?: tf.Tensor,
): void {
  tf.tidy(() => {
    const [v, w] = reduceToSamplewise(values, sampleWeight);
    total.assign(tf.add(total, tf.sum(v)));
    const samples = w !== undefined ? tf.sum(w) : tf.scalar(v.rank === 0 ? 1 : v.shape[0]);
    count.assign(tf.add(count, samples));
  });
}
