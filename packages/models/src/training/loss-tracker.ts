import * as tf from '@strata/core';
import { Metric } from '../metrics/metric.js';

/**
 * The running mean of a loss over the samples of an epoch: Σ lossᵢ·batchSizeᵢ / Σ batchSizeᵢ, what Keras's loss
 * tracker (`Mean` weighted by the batch size) reports. Specialised for scalar losses so that a step costs two
 * kernels (a multiply and an add); the sample count is a plain number.
 */
export class LossTracker extends Metric<[loss: tf.Tensor, batchSize: number]> {
  static override readonly className: string = 'LossTracker';
  private readonly total = this.addState();
  private count = 0;

  constructor(name = 'loss') {
    super({ name }, 'loss', 'down');
  }

  updateState(loss: tf.Tensor, batchSize: number): void {
    tf.tidy(() => {
      const value = loss.rank === 0 ? loss : tf.mean(loss);
      this.total.assign(tf.add(this.total, tf.mul(value, batchSize)));
    });
    this.count += batchSize;
  }

  result(): tf.Scalar {
    return tf.tidy(() => (this.count === 0 ? tf.scalar(0) : tf.div(this.total, this.count)) as tf.Scalar);
  }

  override resetState(): void {
    super.resetState();
    this.count = 0;
  }
}
