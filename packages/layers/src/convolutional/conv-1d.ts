import * as tf from '@strata/core';
import { registerLayer } from '../serialization.js';
import { Conv, type ConvArgs } from './base-conv.js';
import type { PaddingMode } from './conv-utils.js';

export interface Conv1DArgs extends Omit<ConvArgs, 'padding'> {
  kernelSize: number | [number];
  strides?: number | [number];
  dilationRate?: number | [number];
  /**
   * `'valid'`, `'same'`, or `'causal'`: pad only the start, so output step t sees inputs up to t (WaveNet-style
   * models). Default: `'valid'`.
   */
  padding?: PaddingMode | 'causal';
}

/**
 * 1D convolution over the steps of `[batch, steps, channels]`: `activation(conv1d(x, kernel) + bias)`.
 * Kernel `[kernelSize, channels, filters]`, output `[batch, outSteps, filters]`.
 * @example new Conv1D({ filters: 4, kernelSize: 3 }).apply(tf.zeros([2, 10, 8])).shape; // [2, 8, 4]
 */
export class Conv1D extends Conv {
  static override readonly className = 'Conv1D';

  constructor(args: Conv1DArgs) {
    super(1, args as ConvArgs, ['valid', 'same', 'causal']);
  }

  protected convolve(x: tf.Tensor): tf.Tensor {
    let input = x as tf.Tensor3D;
    let padding = this.padding;
    if (padding === 'causal') {
      // Left-pad by the dilated kernel's reach, then convolve without padding (Keras's causal padding).
      input = tf.pad(input, [
        [0, 0],
        [(this.kernelSize[0]! - 1) * this.dilationRate[0]!, 0],
        [0, 0],
      ]);
      padding = 'valid';
    }
    const { kernel, dilations } = this.withDilation(this.kernel);
    return tf.conv1d(input, kernel as tf.Tensor3D, this.strides[0]!, padding, 'NWC', dilations[0]!);
  }
}

registerLayer(Conv1D);
