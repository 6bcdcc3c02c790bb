import * as tf from '@strata/core';
import { inTopK, requirePositiveK } from './in-top-k.js';
import { requireOneHot } from './label-checks.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricArgs } from './metric.js';

/** Per-sample 0/1: is the one-hot target among the `k` highest-scoring classes? */
export function topKCategoricalAccuracy(yTrue: tf.Tensor, yPred: tf.Tensor, k = 5): tf.Tensor {
  requireOneHot('top_k_categorical_accuracy', yTrue, yPred);
  return tf.tidy(() => inTopK(yPred, tf.argMax(yTrue, -1), k));
}

export interface TopKArgs extends MetricArgs {
  /** How many of the highest-scoring classes count as a hit. Default: `5`. */
  k?: number;
}

/**
 * Share of samples whose one-hot target is among the `k` highest-scoring classes (Keras
 * `TopKCategoricalAccuracy`, name `'top_k_categorical_accuracy'`, default `k = 5`). Ties with the k-th score count
 * as hits, as in TF's `in_top_k`.
 */
export class TopKCategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className = 'TopKCategoricalAccuracy';
  readonly k: number;

  constructor(args: TopKArgs = {}) {
    const k = requirePositiveK('TopKCategoricalAccuracy', args.k ?? 5);
    super(
      (t, p) => topKCategoricalAccuracy(t, p, k),
      { name: args.name ?? 'top_k_categorical_accuracy' },
      'up',
    );
    this.k = k;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), k: this.k };
  }
}
