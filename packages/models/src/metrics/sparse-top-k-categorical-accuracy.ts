import * as tf from '@strata/core';
import { inTopK, requirePositiveK } from './in-top-k.js';
import { sparseLabels } from './label-checks.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { TopKArgs } from './top-k-categorical-accuracy.js';

/** Per-sample 0/1: is the integer label among the `k` highest-scoring classes? */
export function sparseTopKCategoricalAccuracy(yTrue: tf.Tensor, yPred: tf.Tensor, k = 5): tf.Tensor {
  return tf.tidy(() => inTopK(yPred, sparseLabels('sparse_top_k_categorical_accuracy', yTrue, yPred), k));
}

/**
 * Share of samples whose integer label is among the `k` highest-scoring classes (Keras
 * `SparseTopKCategoricalAccuracy`, name `'sparse_top_k_categorical_accuracy'`, default `k = 5`).
 */
export class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className = 'SparseTopKCategoricalAccuracy';
  readonly k: number;

  constructor(args: TopKArgs = {}) {
    const k = requirePositiveK('SparseTopKCategoricalAccuracy', args.k ?? 5);
    super(
      (t, p) => sparseTopKCategoricalAccuracy(t, p, k),
      { name: args.name ?? 'sparse_top_k_categorical_accuracy' },
      'up',
    );
    this.k = k;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), k: this.k };
  }
}
