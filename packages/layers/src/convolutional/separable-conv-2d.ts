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
import {
  type DepthwiseArgs,
  DepthwiseBase,
  optionalConstraint,
  optionalRegularizer,
  withPenalty,
} from './base-conv.js';
import {
  type PaddingMode,
  requirePositiveInt,
  serializeConstraint,
  serializeRegularizer,
} from './conv-utils.js';

export interface SeparableConv2DArgs extends DepthwiseArgs {
  /** Number of output channels. */
  filters: number;
  /** Default: `'glorotUniform'`. */
  pointwiseInitializer?: InitializerIdentifier;
  pointwiseRegularizer?: RegularizerIdentifier | null;
  pointwiseConstraint?: ConstraintIdentifier | null;
}

/**
 * Depthwise-separable 2D convolution: a depthwise convolution (each channel alone) followed by a 1x1 convolution
 * mixing the channels into `filters` outputs; far fewer weights than Conv2D for the same window.
 * Kernels `depthwise_kernel [kh, kw, channels, depthMultiplier]`, `pointwise_kernel [1, 1, channels ·
 * depthMultiplier, filters]`.
 * @example new SeparableConv2D({ filters: 16, kernelSize: 3, padding: 'same' }).apply(tf.zeros([1, 8, 8, 3])).shape; // [1, 8, 8, 16]
 */
export class SeparableConv2D extends DepthwiseBase {
  static override readonly className = 'SeparableConv2D';
  readonly filters: number;
  readonly pointwiseInitializer: Initializer;
  readonly pointwiseRegularizer?: Regularizer;
  readonly pointwiseConstraint?: Constraint;
  private pointwiseKernel!: tf.Variable;

  constructor(args: SeparableConv2DArgs) {
    super(args);
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
    this.pointwiseInitializer = getInitializer(args.pointwiseInitializer ?? 'glorotUniform');
    this.pointwiseRegularizer = optionalRegularizer(args.pointwiseRegularizer);
    this.pointwiseConstraint = optionalConstraint(args.pointwiseConstraint);
  }

  protected outputChannels(): number {
    return this.filters;
  }

  protected override createKernels(inputChannels: number): void {
    super.createKernels(inputChannels);
    this.pointwiseKernel = this.addWeight(
      'pointwise_kernel',
      [1, 1, inputChannels * this.depthMultiplier, this.filters],
      {
        initializer: this.pointwiseInitializer,
        ...withPenalty(this.pointwiseRegularizer, this.pointwiseConstraint),
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
