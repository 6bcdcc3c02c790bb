import * as tf from '@strata/core';
import { registerLayer } from '../serialization.js';
import { Pooling2D, type Pooling2DArgs } from './pooling-2d.js';

export type AveragePooling2DArgs = Pooling2DArgs;

/**
 * Mean of each `poolSize` window of channels-last images, per channel. With `'same'` padding, border windows
 * average only the real inputs (padding is not counted), as in Keras and TensorFlow.
 * @example new AveragePooling2D({ poolSize: 2 }).apply(tf.zeros([1, 28, 28, 8])).shape; // [1, 14, 14, 8]
 */
export class AveragePooling2D extends Pooling2D {
  static override readonly className = 'AveragePooling2D';

  protected pool(x: tf.Tensor4D, poolSize: [number, number], strides: [number, number]): tf.Tensor4D {
    return tf.avgPool(x, poolSize, strides, this.padding);
  }
}

registerLayer(AveragePooling2D);
