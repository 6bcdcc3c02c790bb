import * as tf from '@strata/core';
import { requireOneHot } from './label-checks.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricArgs } from './metric.js';

/** Per-sample `argmax(yTrue) == argmax(yPred)` as 0/1 floats (Keras `categorical_accuracy`). */
export function categoricalAccuracy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  requireOneHot('categorical_accuracy', yTrue, yPred);
  return tf.tidy(() => tf.cast(tf.equal(tf.argMax(yTrue, -1), tf.argMax(yPred, -1)), 'float32'));
}

/**
 * Share of samples whose highest-scoring class is the one-hot target's (Keras `CategoricalAccuracy`, name
 * `'categorical_accuracy'`): `mean(argmax(yTrue) == argmax(yPred))`. Ties go to the first class, as argmax does.
 */
export class CategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className = 'CategoricalAccuracy';
  constructor(args: MetricArgs = {}) {
    super(categoricalAccuracy, { name: args.name ?? 'categorical_accuracy' }, 'up');
  }
}
