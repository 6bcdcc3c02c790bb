import * as tf from '@strata/core';
import { Metric, type MetricArgs, type MetricDirection } from './metric.js';
import { accumulateMean } from './reduce-to-samplewise.js';

/** A per-sample metric function: `(yTrue, yPred) => values` of shape `[batch]` or `[batch, ...]`. */
export type MetricFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/**
 * Turns a per-sample function into a stateful metric that reports its weighted mean over all samples seen
 * (Keras `MeanMetricWrapper`): `result = Σ fn(yTrue, yPred)·weight / Σ weight`. The accuracy metrics, `mse`,
 * `mae` and loss functions used as metrics are built on it.
 * @example new MeanMetricWrapper((t, p) => tf.abs(tf.sub(t, p)), { name: 'abs_err' }, 'down');
 */
export class MeanMetricWrapper extends Metric {
  static override readonly className: string = 'MeanMetricWrapper';
  readonly fn: MetricFn;
  private readonly total = this.addState();
  private readonly count = this.addState();

  constructor(fn: MetricFn, args: MetricArgs = {}, direction?: MetricDirection) {
    super(args, fn.name || 'metric', direction);
    this.fn = fn;
  }

  updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): void {
    tf.tidy(() => accumulateMean(this.total, this.count, this.fn(yTrue, yPred), sampleWeight));
  }

  result(): tf.Scalar {
    return tf.tidy(() => tf.divNoNan(this.total, this.count) as tf.Scalar);
  }
}
