import type * as tf from '@strata/core';
import type { DataFormat, PaddingMode } from '../convolutional/conv-utils.js';
import type { LayerArgs } from '../layer.js';
import { Pooling } from './pooling.js';

export interface Pooling2DArgs extends LayerArgs {
  /** Window size `[rows, cols]`, or one number for both. Default: `[2, 2]`. */
  poolSize?: number | [number, number];
  /** Step between windows. Default: `poolSize` (windows do not overlap). */
  strides?: number | [number, number];
  /** `'valid'` (only whole windows) or `'same'` (pad so that output = ceil(input / stride)). Default: `'valid'`. */
  padding?: PaddingMode;
  /** Only `'channelsLast'` (the default) is supported. */
  dataFormat?: DataFormat;
}

/** What MaxPooling2D and AveragePooling2D share: pools over the rows and columns of `[batch, h, w, channels]`. */
export abstract class Pooling2D extends Pooling<[number, number]> {
  constructor(args: Pooling2DArgs = {}) {
    super(2, args);
  }

  override call(x: tf.Tensor): tf.Tensor {
    return this.pool(x as tf.Tensor4D, this.poolSize, this.strides);
  }
}
