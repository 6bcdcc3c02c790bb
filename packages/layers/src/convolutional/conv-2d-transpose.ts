import * as tf from '@strata/core';
import { InvalidArgumentError, type Shape } from '@strata/core';
import type { LayerArgs } from '../layer.js';
import { registerLayer } from '../serialization.js';
import { Conv, type ConvArgs } from './base-conv.js';
import { deconvOutputLength, normalizeTuple, type PaddingMode } from './conv-utils.js';

export interface Conv2DTransposeArgs extends ConvArgs {
  kernelSize: number | [number, number];
  strides?: number | [number, number];
  /**
   * Extra rows/columns at the end of the output, each smaller than its stride; picks among the output sizes that
   * convolve back to the input size. Default: unset (Keras's `None`: the size below).
   */
  outputPadding?: number | [number, number] | null;
}

/**
 * Transposed 2D convolution ("deconvolution"): the gradient of a Conv2D with respect to its input, used to
 * upsample. Kernel `[kh, kw, filters, channels]`; output side `input · stride` ('same') or
 * `input · stride + max(kernel - stride, 0)` ('valid').
 * @example new Conv2DTranspose({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }).apply(tf.zeros([1, 7, 7, 8])).shape; // [1, 14, 14, 4]
 */
export class Conv2DTranspose extends Conv {
  static override readonly className = 'Conv2DTranspose';
  readonly outputPadding: [number, number] | null;

  constructor(args: Conv2DTransposeArgs) {
    super(2, args);
    if (this.dilationRate.some((d) => d !== 1)) {
      throw new InvalidArgumentError(
        `${this.describe()}: dilationRate ${JSON.stringify(this.dilationRate)} is not supported (tfjs's ` +
          'conv2dTranspose has no dilation). Leave dilationRate at 1, or upsample with UpSampling2D followed by a ' +
          'dilated Conv2D.',
      );
    }
    const outputPadding = args.outputPadding ?? null;
    this.outputPadding =
      outputPadding === null
        ? null
        : (normalizeTuple(this, 'outputPadding', outputPadding, 2, 0) as [number, number]);
    if (this.outputPadding?.some((p, i) => p >= this.strides[i]!)) {
      throw new InvalidArgumentError(
        `${this.describe()}: outputPadding ${JSON.stringify(this.outputPadding)} must be smaller than strides ` +
          `${JSON.stringify(this.strides)} on each axis (larger values would not convolve back to the input size).`,
      );
    }
  }

  // Any input size works: a transposed convolution only grows its input.
  protected override checkWindow(): void {}

  protected override kernelShape(inputChannels: number): number[] {
    return [...this.kernelSize, this.filters, inputChannels];
  }

  protected convolve(x: tf.Tensor): tf.Tensor {
    const [batch, height, width] = x.shape as [number, number, number, number];
    const outputShape: [number, number, number, number] = [
      batch,
      this.outputLength(height, 0)!,
      this.outputLength(width, 1)!,
      this.filters,
    ];
    return tf.conv2dTranspose(
      x as tf.Tensor4D,
      this.kernel as tf.Tensor4D,
      outputShape,
      this.strides as [number, number],
      this.padding as PaddingMode,
    );
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = this.checkedShape(inputShape);
    return [shape[0]!, this.outputLength(shape[1]!, 0), this.outputLength(shape[2]!, 1), this.filters];
  }

  override getConfig(): LayerArgs & Record<string, unknown> {
    // tfjs-layers's Conv2DTranspose has no dilationRate in its config; outputPadding is Keras's (tfjs ignores it).
    const config: LayerArgs & Record<string, unknown> = {
      ...super.getConfig(),
      outputPadding: this.outputPadding && [...this.outputPadding],
    };
    delete config.dilationRate;
    return config;
  }

  private outputLength(length: number | null, axis: 0 | 1): number | null {
    return deconvOutputLength(
      length,
      this.kernelSize[axis]!,
      this.padding as PaddingMode,
      this.strides[axis]!,
      this.outputPadding ? this.outputPadding[axis] : null,
    );
  }
}

registerLayer(Conv2DTranspose);
