import * as tf from '@strata/core';
import { InvalidArgumentError, type Tensor } from '@strata/core';

export interface NormalizeOptions {
  /** Value that maps to 0. Default: the minimum of `x` (over `axis`). */
  min?: number | Tensor;
  /** Value that maps to 1. Default: the maximum of `x` (over `axis`). */
  max?: number | Tensor;
  /**
   * Axis to take the default min/max over, e.g. `0` for per-feature (per-column) scaling of `[n, features]`.
   * Default: all of `x`.
   */
  axis?: number;
}

/**
 * Min-max scaling to [0, 1]: `(x - min) / (max - min)`, as float32. Pass `min`/`max` to scale with known bounds
 * (`normalize(pixels, { min: 0, max: 255 })`) or with a training set's statistics; where `max == min` the result
 * is 0 instead of NaN.
 *
 * @example normalize(tf.tensor1d([0, 127.5, 255]), { min: 0, max: 255 }); // [0, 0.5, 1]
 */
export function normalize(x: Tensor, options: NormalizeOptions = {}): Tensor {
  const { axis } = options;
  if (axis !== undefined && (!Number.isInteger(axis) || axis < -x.rank || axis >= x.rank)) {
    throw new InvalidArgumentError(
      `normalize(): axis ${axis} is out of range for a rank-${x.rank} tensor; use an axis in [${-x.rank}, ${x.rank - 1}].`,
    );
  }
  return tf.tidy(() => {
    const values = tf.cast(x, 'float32');
    const min = options.min ?? tf.min(values, axis, true);
    const max = options.max ?? tf.max(values, axis, true);
    const range = tf.sub(max, min);
    // A constant feature has range 0: divide by 1 instead, which maps it to 0.
    const safeRange = tf.where(tf.equal(range, 0), tf.onesLike(range), range);
    return tf.div(tf.sub(values, min), safeRange);
  });
}
