import * as tf from '@strata/core';
import { registerLayer } from '../serialization.js';
import { GlobalPooling, type GlobalPoolingArgs } from './global-pooling.js';

export type GlobalMaxPooling2DArgs = GlobalPoolingArgs;

/**
 * Maximum over height and width of `[batch, height, width, channels]` → `[batch, channels]`.
 * @example new GlobalMaxPooling2D().apply(tf.ones([2, 7, 7, 64])).shape; // [2, 64]
 */
export class GlobalMaxPooling2D extends GlobalPooling {
  static override readonly className = 'GlobalMaxPooling2D';
  protected readonly spatialRank = 2;

  protected reduce(x: tf.Tensor, axes: number[]): tf.Tensor {
    return tf.max(x, axes, this.keepdims);
  }
}

registerLayer(GlobalMaxPooling2D);
