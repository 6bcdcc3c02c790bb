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

export interface PoolingArgs extends LayerArgs {
  poolSize?: number | number[];
  strides?: number | number[];
  padding?: PaddingMode;
  /** Only `'channelsLast'` (the default) is supported. */
  dataFormat?: DataFormat;
}

/**
 * What Pooling1D and Pooling2D share: arguments, checks, output shape and config. `W` is the window tuple
 * (`[steps]` or `[rows, cols]`); subclasses run `pool` on their input as NHWC images in `call`.
 */
export abstract class Pooling<W extends [number] | [number, number]> extends Layer {
  readonly poolSize: W;
  readonly strides: W;
  readonly padding: PaddingMode;
  readonly dataFormat = 'channelsLast' as const;

  constructor(
    private readonly rank: 1 | 2,
    args: PoolingArgs,
  ) {
    super(args);
    this.poolSize = normalizeTuple(this, 'poolSize', args.poolSize ?? 2, rank) as W;
    this.strides = normalizeTuple(this, 'strides', args.strides ?? this.poolSize, rank) as W;
    this.padding = checkPadding(this, args.padding);
    checkDataFormat(this, args.dataFormat);
    this.inputSpec = { ndim: rank + 2 };
  }

  /** The tfjs pooling op (max or average) over NHWC data. */
  protected abstract pool(x: tf.Tensor4D, poolSize: [number, number], strides: [number, number]): tf.Tensor4D;

  override build(inputShape: Shape | Shape[]): void {
    const shape = singleShape(this, inputShape, this.inputShapeHint(inputShape));
    this.assertInputCompatible(shape);
    checkWindowFits(this, shape, this.poolSize, this.padding, 'poolSize');
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(this, inputShape, this.inputShapeHint(inputShape));
    this.assertInputCompatible(shape);
    return [
      shape[0]!,
      ...this.poolSize.map((p, i) => convOutputLength(shape[i + 1]!, p, this.padding, this.strides[i]!)),
      shape[this.rank + 1]!,
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
    return channelsLastHint((this.constructor as typeof Layer).className, this.rank, received);
  }
}
