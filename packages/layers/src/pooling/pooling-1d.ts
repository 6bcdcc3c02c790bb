import type { Shape } from '@strata/core';
import * as tf from '@strata/core';
import {
  channelsLastHint,
  checkDataFormat,
  checkPadding,
  checkWindowFits,
  convOutputLength,
  type DataFormat,
  normalizeTuple,
  type PaddingMode,
  singleShape,
} from '../convolutional/conv-utils.js';
import { Layer, type LayerArgs } from '../layer.js';

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
export abstract class Pooling1D extends Layer {
  readonly poolSize: [number];
  readonly strides: [number];
  readonly padding: PaddingMode;
  readonly dataFormat = 'channelsLast' as const;

  constructor(args: Pooling1DArgs = {}) {
    super(args);
    this.poolSize = normalizeTuple(this, 'poolSize', args.poolSize ?? 2, 1) as [number];
    this.strides = normalizeTuple(this, 'strides', args.strides ?? this.poolSize, 1) as [number];
    this.padding = checkPadding(this, args.padding);
    checkDataFormat(this, args.dataFormat);
    this.inputSpec = { ndim: 3 };
  }

  /** The tfjs pooling op over NHWC data. */
  protected abstract pool(x: tf.Tensor4D, poolSize: [number, number], strides: [number, number]): tf.Tensor4D;

  override build(inputShape: Shape | Shape[]): void {
    const shape = singleShape(this, inputShape, this.inputShapeHint(inputShape));
    this.assertInputCompatible(shape);
    checkWindowFits(this, shape, this.poolSize, this.padding, 'poolSize');
  }

  override call(x: tf.Tensor): tf.Tensor {
    // tfjs has no 1D pooling: pool [batch, steps, 1, channels] with a [poolSize, 1] window.
    const images = tf.expandDims(x, 2) as tf.Tensor4D;
    return tf.squeeze(this.pool(images, [this.poolSize[0], 1], [this.strides[0], 1]), [2]);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(this, inputShape, this.inputShapeHint(inputShape));
    this.assertInputCompatible(shape);
    return [
      shape[0]!,
      convOutputLength(shape[1]!, this.poolSize[0], this.padding, this.strides[0]),
      shape[2]!,
    ];
  }

  override getConfig() {
    return {
      ...super.getConfig(),
      poolSize: [...this.poolSize],
      padding: this.padding,
      strides: [...this.strides],
      dataFormat: this.dataFormat,
    };
  }

  protected override inputShapeHint(received: Shape | Shape[]): string {
    return channelsLastHint((this.constructor as typeof Layer).className, 1, received);
  }
}
