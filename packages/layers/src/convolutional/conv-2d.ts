import * as tf from '@strata/core';
import { type FusedActivation, fusableActivation, isRecordingGradients } from '../activations/index.js';
import { registerLayer } from '../serialization.js';
import { Conv, type ConvArgs } from './base-conv.js';
import type { PaddingMode } from './conv-utils.js';

export interface Conv2DArgs extends ConvArgs {
  kernelSize: number | [number, number];
  strides?: number | [number, number];
  dilationRate?: number | [number, number];
}

/**
 * 2D convolution over channels-last images: `activation(conv2d(x, kernel) + bias)`.
 * Input `[batch, height, width, channels]`, kernel `[kh, kw, channels, filters]`, output
 * `[batch, outHeight, outWidth, filters]`.
 * @example new Conv2D({ filters: 8, kernelSize: 3, padding: 'same' }).apply(tf.zeros([1, 28, 28, 1])).shape; // [1, 28, 28, 8]
 */
export class Conv2D extends Conv {
  static override readonly className = 'Conv2D';

  constructor(args: Conv2DArgs) {
    super(2, args);
  }

  override call(x: tf.Tensor): tf.Tensor {
    // One fused kernel for convolution + bias + activation. Under a gradient tape only activations whose fused
    // gradient tfjs implements are fused; the others run after the kernel.
    const fused = fusableActivation(this.activation, { differentiable: isRecordingGradients() });
    const y = this.fusedConv(x, this.bias, fused ?? 'linear');
    return this.regularizeActivity(fused ? y : this.activationFn(y));
  }

  protected convolve(x: tf.Tensor): tf.Tensor {
    return this.fusedConv(x, undefined, 'linear');
  }

  private fusedConv(x: tf.Tensor, bias: tf.Tensor | undefined, activation: FusedActivation): tf.Tensor {
    const { kernel, dilations } = this.withDilation(this.kernel);
    return tf.fused.conv2d({
      x: x as tf.Tensor4D,
      filter: kernel as tf.Tensor4D,
      strides: this.strides as [number, number],
      pad: this.padding as PaddingMode,
      dataFormat: 'NHWC',
      dilations: dilations as [number, number],
      ...(bias && { bias }),
      activation,
    });
  }
}

registerLayer(Conv2D);
