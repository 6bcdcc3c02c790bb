import * as tf from '@strata/core';
import type { DataFormat, PaddingMode } from '../convolutional/conv-utils.js';
import type { LayerArgs } from '../layer.js';
import { Pooling } from './pooling.js';

export interface Pooling1DArgs extends LayerArgs {
  /** Window length. Default: `2`. */
  poolSize?: number | [number];
  /** Step between windows. Default: `poolSize`. */
  strides?: number | [number];
  /** `'valid'` or `'same'`. Default: `'valid'`. */
  padding?: PaddingMode;
  /** Only `'channelsLast'` (the default) is supported. */
  dataFormat?: DataFormat;
}

/** What MaxPooling1D and AveragePooling1D share. Pools over the steps of `[batch, steps, channels]`. */
export abstract class Pooling1D extends Pooling<[number]> {
  constructor(args: Pooling1DArgs = {}) {
    super(1, args);
  }

  override call(x: tf.Tensor): tf.Tensor {
    // tfjs has no 1D pooling: pool [batch, steps, 1, channels] with a [poolSize, 1] window.
    const images = tf.expandDims(x, 2) as tf.Tensor4D;
    return tf.squeeze(this.pool(images, [this.poolSize[0], 1], [this.strides[0], 1]), [2]);
  }
}
