import * as tf from '@strata/core';

export interface WorkloadResult {
  losses: number[];
  ms: number;
}

/**
 * A small workload to profile: a few Adam steps of a conv net (conv 3x3 -> relu -> max pool -> dense ->
 * softmax cross-entropy) on a fixed synthetic batch of 12x12 images, in plain @strata/core.
 */
export async function trainConvNet(steps = 10, batch = 16): Promise<WorkloadResult> {
  const started = performance.now();
  const init = (shape: number[], seed: number, scale: number) =>
    tf.tidy(() => tf.variable(tf.mul(tf.randomUniform(shape, -1, 1, 'float32', seed), scale)));
  const filter = init([3, 3, 1, 8], 1, 0.4);
  const dense = init([6 * 6 * 8, 4], 2, 0.1);
  const bias = tf.tidy(() => tf.variable(tf.zeros([4])));
  const images = tf.randomUniform([batch, 12, 12, 1], 0, 1, 'float32', 3);
  const labels = tf.tidy(() =>
    tf.oneHot(tf.cast(tf.floor(tf.randomUniform([batch], 0, 4, 'float32', 4)), 'int32'), 4),
  );
  const optimizer = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
  const losses: number[] = [];
  try {
    for (let step = 0; step < steps; step++) {
      const loss = optimizer.minimize(() => {
        const features = tf.maxPool(
          tf.relu(tf.conv2d(images as tf.Tensor4D, filter as tf.Tensor4D, 1, 'same')),
          2,
          2,
          'valid',
        );
        const logits = tf.add(tf.matMul(tf.reshape(features, [batch, -1]), dense), bias);
        return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
      }, true)!;
      losses.push((await loss.data())[0]!);
      loss.dispose();
    }
  } finally {
    optimizer.dispose();
    tf.dispose([filter, dense, bias, images, labels]);
  }
  return { losses, ms: performance.now() - started };
}
