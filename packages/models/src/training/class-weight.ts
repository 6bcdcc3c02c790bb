import * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';

/** `fit({ classWeight })`: a loss factor per class index, e.g. `{ 0: 1, 1: 5 }` (classes not listed get 1). */
export type ClassWeight = Record<number, number>;

/** Checks `classWeight` once, in `fit`, before training starts. */
export function checkClassWeight(classWeight: ClassWeight): void {
  const entries = Object.entries(classWeight);
  const bad = entries.find(
    ([k, v]) => !/^\d+$/.test(k) || typeof v !== 'number' || !Number.isFinite(v) || v < 0,
  );
  if (entries.length === 0 || bad !== undefined) {
    throw new InvalidArgumentError(
      `fit(): classWeight must map class indices (integers ≥ 0) to finite non-negative weights, e.g. ` +
        `{ 0: 1, 1: 5 }, got ${bad === undefined ? 'an empty object' : `${bad[0]}: ${String(bad[1])}`}.`,
    );
  }
}

/**
 * Per-sample weights from class weights, as Keras computes them: the class of a sample is `argmax(y)` for one-hot
 * targets (last axis > 1), else `y` itself (rounded); samples of classes not listed weigh 1. Multiplied into
 * `sampleWeight` if given. Runs on the device (no sync): `1 + oneHot(class) · (weights - 1)`.
 */
export function classWeightsToSampleWeight(
  classWeight: ClassWeight,
  y: tf.Tensor,
  sampleWeight?: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    // tf.oneHot needs a depth of at least 2 (classWeight { 0: w } is valid).
    const depth = Math.max(2, Math.max(...Object.keys(classWeight).map(Number)) + 1);
    const table = new Float32Array(depth).fill(1);
    for (const [k, v] of Object.entries(classWeight)) table[Number(k)] = v;
    const isOneHot = y.rank > 1 && (y.shape[y.rank - 1] ?? 1) > 1;
    let classes = isOneHot ? tf.argMax(y, -1) : y.rank > 1 ? tf.squeeze(y, [-1]) : y;
    if (!isOneHot) classes = tf.cast(tf.round(tf.cast(classes, 'float32')), 'int32');
    if (classes.rank > 1) {
      throw new InvalidArgumentError(
        `fit(): classWeight needs targets of shape [batch], [batch, 1] or one-hot [batch, classes], got ` +
          `[${y.shape.join(', ')}]. Pass sampleWeight instead for targets with more axes.`,
      );
    }
    // Classes past the table get a zero one-hot row, hence weight 1.
    const weights = tf.add(
      1,
      tf.sum(tf.mul(tf.oneHot(tf.cast(classes, 'int32'), depth), tf.sub(tf.tensor1d(table), 1)), -1),
    );
    return sampleWeight === undefined ? weights : tf.mul(weights, tf.reshape(sampleWeight, weights.shape));
  });
}
