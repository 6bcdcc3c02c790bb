import * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import { requireSameShape, squeezeOrExpandToSameRank } from '../losses/loss-utils.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricArgs } from './metric.js';

/** Elementwise `yTrue == (yPred > threshold)` as 0/1 floats (Keras `binary_accuracy`). */
export function binaryAccuracy(yTrue: tf.Tensor, yPred: tf.Tensor, threshold = 0.5): tf.Tensor {
  return tf.tidy(() => {
    const [t, p] = squeezeOrExpandToSameRank(yTrue, yPred);
    requireSameShape('binary_accuracy', t, p);
    return tf.cast(tf.equal(tf.cast(t, 'float32'), tf.cast(tf.greater(p, threshold), 'float32')), 'float32');
  });
}

export interface BinaryAccuracyArgs extends MetricArgs {
  /** A prediction above it counts as 1. Default: `0.5` (use `0` for logits). */
  threshold?: number;
}

/**
 * Share of binary predictions that match 0/1 targets (Keras `BinaryAccuracy`, name `'binary_accuracy'`):
 * `mean(yTrue == (yPred > threshold))`, weighted by `sampleWeight`.
 */
export class BinaryAccuracy extends MeanMetricWrapper {
  static override readonly className = 'BinaryAccuracy';
  readonly threshold: number;

  constructor(args: BinaryAccuracyArgs = {}) {
    const threshold = args.threshold ?? 0.5;
    if (!Number.isFinite(threshold)) {
      throw new InvalidArgumentError(
        `BinaryAccuracy got threshold=${threshold}. Pass a finite number, e.g. 0.5.`,
      );
    }
    super((t, p) => binaryAccuracy(t, p, threshold), { name: args.name ?? 'binary_accuracy' }, 'up');
    this.threshold = threshold;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), threshold: this.threshold };
  }
}
