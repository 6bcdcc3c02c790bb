import * as tf from '@strata/core';
import { sparseLabels } from './label-checks.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricArgs } from './metric.js';

/** Per-sample `yTrue == argmax(yPred)` as 0/1 floats, for integer labels (Keras `sparse_categorical_accuracy`). */
export function sparseCategoricalAccuracy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const labels = sparseLabels('sparse_categorical_accuracy', yTrue, yPred);
    return tf.cast(tf.equal(labels, tf.argMax(yPred, -1)), 'float32');
  });
}

/**
 * Share of samples whose highest-scoring class is the integer label (Keras `SparseCategoricalAccuracy`, name
 * `'sparse_categorical_accuracy'`). Labels have shape `[batch]` or `[batch, 1]`.
 */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className = 'SparseCategoricalAccuracy';
  constructor(args: MetricArgs = {}) {
    super(sparseCategoricalAccuracy, { name: args.name ?? 'sparse_categorical_accuracy' }, 'up');
  }
}
