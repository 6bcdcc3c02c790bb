import * as tf from '@strata/core';
import type { Constraint, ConstraintIdentifier } from '../constraints/index.js';
import {
  getInitializer,
  type Initializer,
  type InitializerIdentifier,
  serializeInitializer,
} from '../initializers/index.js';
import type { Regularizer, RegularizerIdentifier } from '../regularizers/index.js';
import { registerLayer } from '../serialization.js';
import { BaseConv, type BaseConvArgs, optionalConstraint, optionalRegularizer } from './base-conv.js';
import {
  type PaddingMode,
  requirePositiveInt,
  serializeConstraint,
  serializeRegularizer,
} from './conv-utils.js';

export interface DepthwiseConv2DArgs extends BaseConvArgs {
  kernelSize: number | [number, number];
  strides?: number | [number, number];
  dilationRate?: number | [number, number];
  /** Output channels per input channel. Default: `1`. */
  depthMultiplier?: number;
  /** Default: `'glorotUniform'`. */
  depthwiseInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  depthwiseConstraint?: ConstraintIdentifier | null;
}

/**
 * Depthwise 2D convolution: each input channel is convolved with its own `depthMultiplier` filters, channels are
 * not mixed. Kernel `[kh, kw, channels, depthMultiplier]`, output `[batch, outHeight, outWidth, channels ·
 * depthMultiplier]`; output channel `c · depthMultiplier + m` comes from input channel c.
 * @example new DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 2 }).apply(tf.zeros([1, 8, 8, 3])).shape; // [1, 6, 6, 6]
 */
export class DepthwiseConv2D extends BaseConv {
  static override readonly className = 'DepthwiseConv2D';
  readonly depthMultiplier: number;
  readonly depthwiseInitializer: Initializer;
  readonly depthwiseRegularizer?: Regularizer;
  readonly depthwiseConstraint?: Constraint;
  private depthwiseKernel!: tf.Variable;

  constructor(args: DepthwiseConv2DArgs) {
    super(2, args);
    this.depthMultiplier = requirePositiveInt(this, 'depthMultiplier', args.depthMultiplier ?? 1);
    this.depthwiseInitializer = getInitializer(args.depthwiseInitializer ?? 'glorotUniform');
    this.depthwiseRegularizer = optionalRegularizer(args.depthwiseRegularizer);
    this.depthwiseConstraint = optionalConstraint(args.depthwiseConstraint);
  }

  protected outputChannels(inputChannels: number): number {
    return inputChannels * this.depthMultiplier;
  }

  protected createKernels(inputChannels: number): void {
    this.depthwiseKernel = this.addWeight(
      'depthwise_kernel',
      [...this.kernelSize, inputChannels, this.depthMultiplier],
      {
        initializer: this.depthwiseInitializer,
        ...(this.depthwiseRegularizer && { regularizer: this.depthwiseRegularizer }),
        ...(this.depthwiseConstraint && { constraint: this.depthwiseConstraint }),
      },
    );
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
