import * as tf from '@strata/core';
import { registerLayer } from '../serialization.js';
import { GlobalPooling, type GlobalPoolingArgs } from './global-pooling.js';

export type GlobalAveragePooling2DArgs = GlobalPoolingArgs;

/**
 * Mean over height and width of `[batch, height, width, channels]` → `[batch, channels]`.
 * @example new GlobalAveragePooling2D().apply(tf.ones([2, 7, 7, 64])).shape; // [2, 64]
 */
export class GlobalAveragePooling2D extends GlobalPooling {
  static override readonly className = 'GlobalAveragePooling2D';
  protected readonly spatialRank = 2;

  protected reduce(x: tf.Tensor, axes: number[]): tf.Tensor {
    return tf.mean(x, axes, this.keepdims);
  }
}

registerLayer(GlobalAveragePooling2D);
