import * as tf from '@strata/core';
import { registerLayer } from '../serialization.js';
import { Pooling1D, type Pooling1DArgs } from './pooling-1d.js';

export type AveragePooling1DArgs = Pooling1DArgs;

/**
 * Mean of each window of `poolSize` steps of `[batch, steps, channels]`, per channel ('same' padding is not
 * counted in border windows).
 * @example new AveragePooling1D({ poolSize: 2 }).apply(tf.zeros([1, 10, 4])).shape; // [1, 5, 4]
 */
export class AveragePooling1D extends Pooling1D {
  static override readonly className = 'AveragePooling1D';

  protected pool(x: tf.Tensor4D, poolSize: [number, number], strides: [number, number]): tf.Tensor4D {
    return tf.avgPool(x, poolSize, strides, this.padding);
  }
}

registerLayer(AveragePooling1D);
