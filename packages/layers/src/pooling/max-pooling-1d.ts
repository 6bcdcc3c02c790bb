import * as tf from '@strata/core';
import { registerLayer } from '../serialization.js';
import { Pooling1D, type Pooling1DArgs } from './pooling-1d.js';

export type MaxPooling1DArgs = Pooling1DArgs;

/**
 * Largest value in each window of `poolSize` steps of `[batch, steps, channels]`, per channel.
 * @example new MaxPooling1D({ poolSize: 2 }).apply(tf.zeros([1, 10, 4])).shape; // [1, 5, 4]
 */
export class MaxPooling1D extends Pooling1D {
  static override readonly className = 'MaxPooling1D';

  protected pool(x: tf.Tensor4D, poolSize: [number, number], strides: [number, number]): tf.Tensor4D {
    return tf.maxPool(x, poolSize, strides, this.padding);
  }
}

registerLayer(MaxPooling1D);
