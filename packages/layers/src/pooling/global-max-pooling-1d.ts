import * as tf from '@strata/core';
import { registerLayer } from '../serialization.js';
import { GlobalPooling, type GlobalPoolingArgs } from './global-pooling.js';

export type GlobalMaxPooling1DArgs = GlobalPoolingArgs;

/**
 * Maximum over the steps of `[batch, steps, channels]` → `[batch, channels]`.
 * @example new GlobalMaxPooling1D().apply(tf.ones([2, 10, 4])).shape; // [2, 4]
 */
export class GlobalMaxPooling1D extends GlobalPooling {
  static override readonly className = 'GlobalMaxPooling1D';
  protected readonly spatialRank = 1;

  protected reduce(x: tf.Tensor, axes: number[]): tf.Tensor {
    return tf.max(x, axes, this.keepdims);
  }
}

registerLayer(GlobalMaxPooling1D);
