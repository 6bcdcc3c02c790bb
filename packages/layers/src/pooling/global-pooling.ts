import type * as tf from '@strata/core';
import type { Shape } from '@strata/core';
import {
  channelsLastHint,
  checkDataFormat,
  type DataFormat,
  singleShape,
} from '../convolutional/conv-utils.js';
import { type CallArgs, Layer, type LayerArgs } from '../layer.js';

export interface GlobalPoolingArgs extends LayerArgs {
  /** Keep the pooled axes with size 1 (`[batch, 1, 1, channels]`) instead of dropping them. Default: `false`. */
  keepdims?: boolean;
  /** Only `'channelsLast'` (the default) is supported. */
  dataFormat?: DataFormat;
}

/** Reduces every spatial axis of channels-last data, leaving `[batch, channels]`. */
export abstract class GlobalPooling extends Layer {
  readonly keepdims: boolean;
  readonly dataFormat = 'channelsLast' as const;
  /** Spatial axes: 1 for `[batch, steps, channels]`, 2 for images. */
  protected abstract readonly spatialRank: 1 | 2;

  constructor(args: GlobalPoolingArgs = {}) {
    super(args);
    this.keepdims = args.keepdims ?? false;
    checkDataFormat(this, args.dataFormat);
  }

  /** The reduction over `axes`. */
  protected abstract reduce(x: tf.Tensor, axes: number[], kwargs: CallArgs): tf.Tensor;

  protected get axes(): number[] {
    return this.spatialRank === 1 ? [1] : [1, 2];
  }

  override build(inputShape: Shape | Shape[]): void {
    // Set here, not in the constructor: subclass fields (spatialRank) exist only after super() returns.
    this.inputSpec = { ndim: this.spatialRank + 2 };
    const shape = singleShape(this, inputShape, this.inputShapeHint(inputShape));
    this.assertInputCompatible(shape);
  }

  override call(x: tf.Tensor, kwargs: CallArgs): tf.Tensor {
    return this.reduce(x, this.axes, kwargs);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(this, inputShape, this.inputShapeHint(inputShape));
    this.inputSpec = { ndim: this.spatialRank + 2 };
    this.assertInputCompatible(shape);
    if (this.keepdims) return shape.map((d, i) => (this.axes.includes(i) ? 1 : d));
    return [shape[0]!, shape[shape.length - 1]!];
  }

  override getConfig() {
    return { ...super.getConfig(), dataFormat: this.dataFormat, keepdims: this.keepdims };
  }

  protected override inputShapeHint(received: Shape | Shape[]): string {
    return channelsLastHint((this.constructor as typeof Layer).className, this.spatialRank, received);
  }
}
