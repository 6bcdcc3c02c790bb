import * as tf from '@strata/core';
import { registerLayer } from '../serialization.js';
import { Pooling2D, type Pooling2DArgs } from './pooling-2d.js';

export type MaxPooling2DArgs = Pooling2DArgs;

/**
 * Largest value in each `poolSize` window of channels-last images, per channel.
 * Input `[batch, height, width, channels]`; output `[batch, ⌈(h - p + 1) / s⌉, …, channels]` ('valid').
 * @example new MaxPooling2D({ poolSize: 2 }).apply(tf.zeros([1, 28, 28, 8])).shape; // [1, 14, 14, 8]
 */
export class MaxPooling2D extends Pooling2D {
  static override readonly className = 'MaxPooling2D';

  protected pool(x: tf.Tensor4D, poolSize: [number, number], strides: [number, number]): tf.Tensor4D {
    return tf.maxPool(x, poolSize, strides, this.padding);
  }
}

registerLayer(MaxPooling2D);
