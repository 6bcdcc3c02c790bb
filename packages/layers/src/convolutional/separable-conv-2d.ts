import * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
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

export interface SeparableConv2DArgs extends BaseConvArgs {
  /** Number of output channels. */
  filters: number;
  kernelSize: number | [number, number];
  strides?: number | [number, number];
  dilationRate?: number | [number, number];
  /** Depthwise output channels per input channel. Default: `1`. */
  depthMultiplier?: number;
  /** Default: `'glorotUniform'`. */
  depthwiseInitializer?: InitializerIdentifier;
  /** Default: `'glorotUniform'`. */
  pointwiseInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  pointwiseRegularizer?: RegularizerIdentifier | null;
  depthwiseConstraint?: ConstraintIdentifier | null;
  pointwiseConstraint?: ConstraintIdentifier | null;
}

/**
 * Depthwise-separable 2D convolution: a depthwise convolution (each channel alone) followed by a 1x1 convolution
 * mixing the channels into `filters` outputs; far fewer weights than Conv2D for the same window.
 * Kernels `depthwise_kernel [kh, kw, channels, depthMultiplier]`, `pointwise_kernel [1, 1, channels ·
 * depthMultiplier, filters]`.
 * @example new SeparableConv2D({ filters: 16, kernelSize: 3, padding: 'same' }).apply(tf.zeros([1, 8, 8, 3])).shape; // [1, 8, 8, 16]
 */
export class SeparableConv2D extends BaseConv {
  static override readonly className = 'SeparableConv2D';
  readonly filters: number;
  readonly depthMultiplier: number;
  readonly depthwiseInitializer: Initializer;
  readonly pointwiseInitializer: Initializer;
  readonly depthwiseRegularizer?: Regularizer;
  readonly pointwiseRegularizer?: Regularizer;
  readonly depthwiseConstraint?: Constraint;
  readonly pointwiseConstraint?: Constraint;
  private depthwiseKernel!: tf.Variable;
  private pointwiseKernel!: tf.Variable;

  constructor(args: SeparableConv2DArgs) {
    super(2, args);
    const kernelArgs = ['kernelInitializer', 'kernelRegularizer', 'kernelConstraint'].filter(
      (k) => (args as unknown as Record<string, unknown>)[k] != null,
    );
    if (kernelArgs.length > 0) {
      throw new InvalidArgumentError(
        `${this.describe()}: ${kernelArgs.join(', ')} do not apply to SeparableConv2D, which has two kernels; ` +
          'use depthwiseInitializer/pointwiseInitializer (and the Regularizer/Constraint equivalents).',
      );
    }
    this.filters = requirePositiveInt(this, 'filters', args.filters);
    this.depthMultiplier = requirePositiveInt(this, 'depthMultiplier', args.depthMultiplier ?? 1);
    this.depthwiseInitializer = getInitializer(args.depthwiseInitializer ?? 'glorotUniform');
    this.pointwiseInitializer = getInitializer(args.pointwiseInitializer ?? 'glorotUniform');
    this.depthwiseRegularizer = optionalRegularizer(args.depthwiseRegularizer);
    this.pointwiseRegularizer = optionalRegularizer(args.pointwiseRegularizer);
    this.depthwiseConstraint = optionalConstraint(args.depthwiseConstraint);
    this.pointwiseConstraint = optionalConstraint(args.pointwiseConstraint);
  }

  protected outputChannels(): number {
    return this.filters;
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
    this.pointwiseKernel = this.addWeight(
      'pointwise_kernel',
      [1, 1, inputChannels * this.depthMultiplier, this.filters],
      {
        initializer: this.pointwiseInitializer,
        ...(this.pointwiseRegularizer && { regularizer: this.pointwiseRegularizer }),
        ...(this.pointwiseConstraint && { constraint: this.pointwiseConstraint }),
      },
    );
  }

  protected convolve(x: tf.Tensor): tf.Tensor {
    const { kernel, dilations } = this.withDilation(this.depthwiseKernel);
    return tf.separableConv2d(
      x as tf.Tensor4D,
      kernel as tf.Tensor4D,
      this.pointwiseKernel as tf.Tensor4D,
      this.strides as [number, number],
      this.padding as PaddingMode,
      dilations as [number, number],
      'NHWC',
    );
  }

  override getConfig() {
    return {
      ...super.getConfig(),
      filters: this.filters,
      depthMultiplier: this.depthMultiplier,
      depthwiseInitializer: serializeInitializer(this.depthwiseInitializer),
      pointwiseInitializer: serializeInitializer(this.pointwiseInitializer),
      depthwiseRegularizer: serializeRegularizer(this.depthwiseRegularizer),
      pointwiseRegularizer: serializeRegularizer(this.pointwiseRegularizer),
      depthwiseConstraint: serializeConstraint(this.depthwiseConstraint),
      pointwiseConstraint: serializeConstraint(this.pointwiseConstraint),
    };
  }
}

registerLayer(SeparableConv2D);
