import * as tf from '@strata/core';
import { serializeInitializer } from '../initializers/index.js';
import { registerLayer } from '../serialization.js';
import { type DepthwiseArgs, DepthwiseBase } from './base-conv.js';
import { type PaddingMode, serializeConstraint, serializeRegularizer } from './conv-utils.js';

export type DepthwiseConv2DArgs = DepthwiseArgs;

/**
 * Depthwise 2D convolution: each input channel is convolved with its own `depthMultiplier` filters, channels are
 * not mixed. Kernel `[kh, kw, channels, depthMultiplier]`, output `[batch, outHeight, outWidth, channels ·
 * depthMultiplier]`; output channel `c · depthMultiplier + m` comes from input channel c.
 * @example new DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 2 }).apply(tf.zeros([1, 8, 8, 3])).shape; // [1, 6, 6, 6]
 */
export class DepthwiseConv2D extends DepthwiseBase {
  static override readonly className = 'DepthwiseConv2D';

  protected outputChannels(inputChannels: number): number {
    return inputChannels * this.depthMultiplier;
  }

  protected convolve(x: tf.Tensor): tf.Tensor {
    const { kernel, dilations } = this.withDilation(this.depthwiseKernel);
    return tf.depthwiseConv2d(
      x as tf.Tensor4D,
      kernel as tf.Tensor4D,
      this.strides as [number, number],
      this.padding as PaddingMode,
      'NHWC',
      dilations as [number, number],
    );
  }

  override getConfig() {
    return {
      ...super.getConfig(),
      depthMultiplier: this.depthMultiplier,
      depthwiseInitializer: serializeInitializer(this.depthwiseInitializer),
      depthwiseRegularizer: serializeRegularizer(this.depthwiseRegularizer),
      depthwiseConstraint: serializeConstraint(this.depthwiseConstraint),
    };
  }
}

registerLayer(DepthwiseConv2D);
