import * as tf from '@strata/core';

/**
 * `gamma · (x - mean) / sqrt(variance + epsilon) + beta`, what BatchNormalization and LayerNormalization compute
 * once they have their statistics. `gamma` and `beta` (either may be absent) are reshaped to `broadcast`.
 */
export function scaleAndCenter(
  x: tf.Tensor,
  mean: tf.Tensor,
  variance: tf.Tensor,
  epsilon: number,
  broadcast: number[],
  gamma?: tf.Tensor,
  beta?: tf.Tensor,
): tf.Tensor {
  let factor = tf.rsqrt(tf.add(variance, epsilon));
  if (gamma) factor = tf.mul(factor, tf.reshape(gamma, broadcast));
  const y = tf.mul(tf.sub(x, mean), factor);
  return beta ? tf.add(y, tf.reshape(beta, broadcast)) : y;
}
