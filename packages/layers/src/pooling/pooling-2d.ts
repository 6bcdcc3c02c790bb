import type * as tf from '@strata/core';
import type { Shape } from '@strata/core';
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

/** What MaxPooling2D and AveragePooling2D share: arguments, checks, output shape and config. */
export abstract class Pooling2D extends Layer {
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: PaddingMode;
  readonly dataFormat = 'channelsLast' as const;

  constructor(args: Pooling2DArgs = {}) {
    super(args);
    this.poolSize = normalizeTuple(this, 'poolSize', args.poolSize ?? 2, 2) as [number, number];
    this.strides = normalizeTuple(this, 'strides', args.strides ?? this.poolSize, 2) as [number, number];
    this.padding = checkPadding(this, args.padding);
    checkDataFormat(this, args.dataFormat);
    this.inputSpec = { ndim: 4 };
  }

  /** The tfjs pooling op for a window over NHWC data. */
  protected abstract pool(x: tf.Tensor4D): tf.Tensor4D;

  override build(inputShape: Shape | Shape[]): void {
    const shape = singleShape(this, inputShape, this.inputShapeHint(inputShape));
    this.assertInputCompatible(shape);
    checkWindowFits(this, shape, this.poolSize, this.padding, 'poolSize');
  }

  override call(x: tf.Tensor): tf.Tensor {
    return this.pool(x as tf.Tensor4D);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(this, inputShape, this.inputShapeHint(inputShape));
    this.assertInputCompatible(shape);
    const [batch, rows, cols, channels] = shape as Shape;
    return [
      batch,
      convOutputLength(rows, this.poolSize[0], this.padding, this.strides[0]),
      convOutputLength(cols, this.poolSize[1], this.padding, this.strides[1]),
      channels,
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
    return channelsLastHint((this.constructor as typeof Layer).className, 2, received);
  }
}
