import * as tf from '@strata/core';
import { Metric, type MetricArgs } from './metric.js';
import { accumulateMean } from './reduce-to-samplewise.js';

/**
 * Weighted running mean of the values given (Keras `Mean`); training uses it to average the loss over an epoch.
 * `result = Σ value·weight / Σ weight`; values of shape `[batch, ...]` count once per sample (averaged over
 * their other axes), a scalar counts once. Default name: `'mean'`.
 * @example const lossTracker = new Mean({ name: 'loss' }); lossTracker.updateState(lossValue);
 */
export class Mean extends Metric<[values: tf.Tensor | number, sampleWeight?: tf.Tensor | number]> {
  static override readonly className: string = 'Mean';
  private readonly total = this.addState();
  private readonly count = this.addState();

  constructor(args: MetricArgs = {}) {
    super(args, 'mean');
  }

  updateState(values: tf.Tensor | number, sampleWeight?: tf.Tensor | number): void {
    tf.tidy(() => {
      const v = typeof values === 'number' ? tf.scalar(values) : values;
      const w = typeof sampleWeight === 'number' ? tf.scalar(sampleWeight) : sampleWeight;
      accumulateMean(this.total, this.count, v, w);
    });
  }

  result(): tf.Scalar {
    return tf.tidy(() => tf.divNoNan(this.total, this.count) as tf.Scalar);
  }
}
