import * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import type { CallArgs } from '../layer.js';
import { registerLayer } from '../serialization.js';
import { GlobalPooling, type GlobalPoolingArgs } from './global-pooling.js';

export type GlobalAveragePooling1DArgs = GlobalPoolingArgs;

/**
 * Mean over the steps of `[batch, steps, channels]` → `[batch, channels]`. With a mask (`[batch, steps]`, e.g.
 * from an Embedding with `maskZero`), only unmasked steps are averaged, as in Keras.
 * @example new GlobalAveragePooling1D().apply(tf.ones([2, 10, 4])).shape; // [2, 4]
 */
export class GlobalAveragePooling1D extends GlobalPooling {
  static override readonly className = 'GlobalAveragePooling1D';
  protected readonly spatialRank = 1;

  protected reduce(x: tf.Tensor, axes: number[], kwargs: CallArgs): tf.Tensor {
    const mask = kwargs.mask;
    if (mask === undefined || mask === null) return tf.mean(x, axes, this.keepdims);
    if (Array.isArray(mask) || !tf.util.arraysEqual(mask.shape, x.shape.slice(0, 2))) {
      throw new InvalidArgumentError(
        `${this.describe()}: mask must be one tensor of shape [${x.shape.slice(0, 2).join(', ')}] ([batch, steps]), got ` +
          `${Array.isArray(mask) ? `an array of ${mask.length}` : `shape [${mask.shape.join(', ')}]`}.`,
      );
    }
    const weights = tf.expandDims(tf.cast(mask, x.dtype), -1);
    // Sum of unmasked steps over their count; a fully masked sample divides 0 by 0, Keras gives NaN there too.
    return tf.div(tf.sum(tf.mul(x, weights), axes, this.keepdims), tf.sum(weights, axes, this.keepdims));
  }
}

registerLayer(GlobalAveragePooling1D);
