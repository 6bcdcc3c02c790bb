import * as tf from '@strata/core';

// Element-wise activation functions, as keras.activations. Each takes and returns a tensor and is safe to call
// outside a tidy (intermediates are freed). Where Keras 3 and tfjs-layers disagree, we follow tfjs-layers: models
// are saved in the tfjs Layers format, and a model must compute the same numbers after loading there.

/** Identity: `x`. */
export const linear = (x: tf.Tensor): tf.Tensor => x;

/** `max(x, 0)`. */
export const relu = (x: tf.Tensor): tf.Tensor => tf.relu(x);

/** `min(max(x, 0), 6)`. */
export const relu6 = (x: tf.Tensor): tf.Tensor => tf.relu6(x);

/** `x` if `x > 0`, else `alpha · (exp(x) - 1)`. Default alpha: 1. */
export const elu = (x: tf.Tensor, alpha = 1): tf.Tensor =>
  alpha === 1 ? tf.elu(x) : tf.tidy(() => tf.where(tf.greater(x, 0), x, tf.mul(alpha, tf.expm1(x))));

/** Scaled ELU: `1.0507 · elu(x, 1.67326)` (Klambauer et al., 2017). Pair with `lecunNormal` initialization. */
export const selu = (x: tf.Tensor): tf.Tensor => tf.selu(x);

/** `1 / (1 + exp(-x))`. */
export const sigmoid = (x: tf.Tensor): tf.Tensor => tf.sigmoid(x);

/**
 * Piecewise-linear sigmoid: `clip(0.2 · x + 0.5, 0, 1)`.
 * Keras 3 changed the slope to 1/6; tfjs-layers (and Keras 2) use 0.2, which is what a saved model gets there.
 */
export const hardSigmoid = (x: tf.Tensor): tf.Tensor =>
  tf.tidy(() => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1));

/** Hyperbolic tangent. */
export const tanh = (x: tf.Tensor): tf.Tensor => tf.tanh(x);

/** `exp(x) / Σ exp(x)` along `axis` (default: the last). */
export const softmax = (x: tf.Tensor, axis = -1): tf.Tensor => {
  if (isLastAxis(x, axis)) return tf.softmax(x);
  // tfjs's Softmax kernel only reduces the last axis; other axes take the max-shifted form (no overflow).
  return tf.tidy(() => {
    const e = tf.exp(tf.sub(x, tf.max(x, axis, true)));
    return tf.div(e, tf.sum(e, axis, true));
  });
};

/** `x - log Σ exp(x)` along `axis` (default: the last); more stable than `log(softmax(x))`. */
export const logSoftmax = (x: tf.Tensor, axis = -1): tf.Tensor => {
  if (isLastAxis(x, axis)) return tf.logSoftmax(x);
  return tf.tidy(() => tf.sub(x, tf.logSumExp(x, axis, true)));
};

const isLastAxis = (x: tf.Tensor, axis: number) => axis === -1 || axis === x.rank - 1;

/** `log(1 + exp(x))`. */
export const softplus = (x: tf.Tensor): tf.Tensor => tf.softplus(x);

/** `x / (1 + |x|)`. */
export const softsign = (x: tf.Tensor): tf.Tensor => tf.tidy(() => tf.div(x, tf.add(tf.abs(x), 1)));

/** `x · sigmoid(x)`, also called SiLU. */
export const swish = (x: tf.Tensor): tf.Tensor => tf.tidy(() => tf.mul(x, tf.sigmoid(x)));

/** Same function as `swish` (its Keras 3 name). */
export const silu = swish;

/**
 * Gaussian error linear unit: `x · Φ(x) = 0.5 · x · (1 + erf(x / √2))`. With `approximate: true`, the tanh form
 * `0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))` (Keras default: exact).
 */
export const gelu = (x: tf.Tensor, options: { approximate?: boolean } = {}): tf.Tensor =>
  tf.tidy(() => {
    if (options.approximate) {
      const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
      return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
    }
    return tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
  });

/** The tanh approximation of `gelu` (tfjs-layers's `'gelu_new'`). */
export const geluApproximate = (x: tf.Tensor): tf.Tensor => gelu(x, { approximate: true });

/** `x · tanh(softplus(x))` (Misra, 2019). */
export const mish = (x: tf.Tensor): tf.Tensor => tf.tidy(() => tf.mul(x, tf.tanh(tf.softplus(x))));

/**
 * `x` if `x > 0`, else `negativeSlope · x`. Default 0.2, as `keras.activations.leaky_relu` and tfjs's fused
 * kernels (the LeakyReLU *layer* defaults to 0.3).
 */
export const leakyRelu = (x: tf.Tensor, negativeSlope = 0.2): tf.Tensor => tf.leakyRelu(x, negativeSlope);

/** `exp(x)`. */
export const exponential = (x: tf.Tensor): tf.Tensor => tf.exp(x);
