import * as tf from '@strata/core';
import { InvalidArgumentError, type Shape, ShapeMismatchError } from '@strata/core';
import {
  type ActivationFn,
  type ActivationIdentifier,
  getActivation,
  isRecordingGradients,
  serializeActivation,
} from '../activations/index.js';
import { type Constraint, type ConstraintIdentifier, getConstraint } from '../constraints/index.js';
import {
  getInitializer,
  type Initializer,
  type InitializerIdentifier,
  serializeInitializer,
} from '../initializers/index.js';
import { Layer, type LayerArgs } from '../layer.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers/index.js';
import {
  channelsLastHint,
  checkDataFormat,
  checkPadding,
  checkWindowFits,
  convOutputLength,
  type DataFormat,
  dilateKernel,
  normalizeTuple,
  type PaddingMode,
  requirePositiveInt,
  serializeConstraint,
  serializeRegularizer,
  singleShape,
} from './conv-utils.js';

export interface BaseConvArgs extends LayerArgs {
  /** Window size, one number per spatial axis or one for all. */
  kernelSize: number | number[];
  /** Step between windows. Default: `1`. */
  strides?: number | number[];
  /** `'valid'` (no padding) or `'same'` (output = ceil(input / stride)). Default: `'valid'`. */
  padding?: PaddingMode;
  /** Only `'channelsLast'` (the default) is supported. */
  dataFormat?: DataFormat;
  /** Spacing between kernel taps (atrous convolution). Default: `1`. Strides and dilation cannot both exceed 1. */
  dilationRate?: number | number[];
  /** Applied after the bias. Default: `'linear'`. */
  activation?: ActivationIdentifier;
  /** Default: `true`. */
  useBias?: boolean;
  /** Default: `'zeros'`. */
  biasInitializer?: InitializerIdentifier;
  biasRegularizer?: RegularizerIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
  /** Penalty on the layer's output, added to `losses` on every call (Keras 3: not divided by the batch size). */
  activityRegularizer?: RegularizerIdentifier | null;
}

export interface ConvArgs extends BaseConvArgs {
  /** Number of output channels. */
  filters: number;
  /** Default: `'glorotUniform'`. */
  kernelInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
}

export const optionalRegularizer = (id: RegularizerIdentifier | null | undefined) =>
  id === null || id === undefined ? undefined : getRegularizer(id);
export const optionalConstraint = (id: ConstraintIdentifier | null | undefined) =>
  id === null || id === undefined ? undefined : getConstraint(id);
/** `addWeight` options for a weight's optional regularizer and constraint (absent ones are left out). */
export const withPenalty = (regularizer?: Regularizer, constraint?: Constraint) => ({
  ...(regularizer && { regularizer }),
  ...(constraint && { constraint }),
});

/**
 * What every convolution shares (Keras's BaseConv): window arguments, bias, activation, input checks, output
 * shape and config. Subclasses create their kernels in `createKernels` and convolve in `convolve`.
 */
export abstract class BaseConv extends Layer {
  readonly rank: 1 | 2;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: PaddingMode | 'causal';
  readonly dataFormat = 'channelsLast' as const;
  readonly dilationRate: number[];
  readonly activation: ActivationIdentifier;
  readonly useBias: boolean;
  readonly biasInitializer: Initializer;
  readonly biasRegularizer?: Regularizer;
  readonly biasConstraint?: Constraint;
  readonly activityRegularizer?: Regularizer;
  protected readonly activationFn: ActivationFn;
  protected bias?: tf.Variable;

  constructor(rank: 1 | 2, args: BaseConvArgs, paddings: readonly string[] = ['valid', 'same']) {
    super(args);
    this.rank = rank;
    if (args.kernelSize === undefined) {
      throw new InvalidArgumentError(`${this.describe()}: kernelSize is required, e.g. kernelSize: 3.`);
    }
    this.kernelSize = normalizeTuple(this, 'kernelSize', args.kernelSize, rank);
    this.strides = normalizeTuple(this, 'strides', args.strides ?? 1, rank);
    this.padding = checkPadding(this, args.padding, paddings) as PaddingMode | 'causal';
    checkDataFormat(this, args.dataFormat);
    this.dilationRate = normalizeTuple(this, 'dilationRate', args.dilationRate ?? 1, rank);
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) {
      throw new InvalidArgumentError(
        `${this.describe()}: strides ${JSON.stringify(this.strides)} and dilationRate ` +
          `${JSON.stringify(this.dilationRate)} cannot both exceed 1 (tfjs kernels, like Keras, do one or the ` +
          'other). Use strides 1 with dilation, or add a pooling layer for downsampling.',
      );
    }
    this.activation = args.activation ?? 'linear';
    this.activationFn = getActivation(this.activation);
    this.useBias = args.useBias ?? true;
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros');
    this.biasRegularizer = optionalRegularizer(args.biasRegularizer);
    this.biasConstraint = optionalConstraint(args.biasConstraint);
    this.activityRegularizer = optionalRegularizer(args.activityRegularizer);
    this.inputSpec = { ndim: rank + 2 };
  }

  /** Output channels for this many input channels. */
  protected abstract outputChannels(inputChannels: number): number;
  /** Creates the kernel weights for this many input channels. */
  protected abstract createKernels(inputChannels: number): void;
  /** The convolution alone: `call` adds the bias and applies the activation. */
  protected abstract convolve(x: tf.Tensor): tf.Tensor;

  override build(inputShape: Shape | Shape[]): void {
    const shape = this.checkedShape(inputShape);
    const channels = shape[shape.length - 1];
    if (channels === null || channels === undefined) {
      throw new ShapeMismatchError(
        this.describe(),
        'an input whose channel axis (the last) is known',
        shape,
        'The kernel is sized by the number of channels: give the model an input shape such as [28, 28, 1].',
      );
    }
    this.checkWindow(shape);
    this.createKernels(channels);
    if (this.useBias) {
      this.bias = this.addWeight('bias', [this.outputChannels(channels)], {
        initializer: this.biasInitializer,
        ...withPenalty(this.biasRegularizer, this.biasConstraint),
      });
    }
    this.inputSpec = { ndim: this.rank + 2, axes: { [-1]: channels } };
  }

  override call(x: tf.Tensor): tf.Tensor {
    let y = this.convolve(x);
    if (this.bias) y = tf.add(y, this.bias);
    return this.regularizeActivity(this.activationFn(y));
  }

  /** Adds the activity penalty of an output to `losses` (when there is an activityRegularizer); returns it. */
  protected regularizeActivity(y: tf.Tensor): tf.Tensor {
    if (this.activityRegularizer) this.addLoss(this.activityRegularizer.apply(y));
    return y;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = this.checkedShape(inputShape);
    const spatial = shape
      .slice(1, 1 + this.rank)
      .map((d, i) =>
        convOutputLength(d, this.kernelSize[i]!, this.padding, this.strides[i]!, this.dilationRate[i]!),
      );
    const channels = shape[shape.length - 1];
    return [
      shape[0]!,
      ...spatial,
      channels === null || channels === undefined ? null : this.outputChannels(channels),
    ];
  }

  override getConfig(): LayerArgs & Record<string, unknown> {
    return {
      ...super.getConfig(),
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: [...this.dilationRate],
      activation: serializeActivation(this.activation),
      useBias: this.useBias,
      biasInitializer: serializeInitializer(this.biasInitializer),
      biasRegularizer: serializeRegularizer(this.biasRegularizer),
      activityRegularizer: serializeRegularizer(this.activityRegularizer),
      biasConstraint: serializeConstraint(this.biasConstraint),
    };
  }

  protected override inputShapeHint(received: Shape | Shape[]): string {
    const builtChannels = this.inputSpec?.axes?.[-1];
    return channelsLastHint((this.constructor as typeof Layer).className, this.rank, received, builtChannels);
  }

  /**
   * The kernel and dilations to convolve with. Under a gradient tape (`tf.grads`, `optimizer.minimize`) a dilated
   * kernel is written out with zeros between its taps and used undilated: the same output, but tfjs 4.22 has no
   * gradient for dilated convolutions.
   */
  protected withDilation(kernel: tf.Tensor): { kernel: tf.Tensor; dilations: number[] } {
    if (this.dilationRate.every((d) => d === 1) || !isRecordingGradients()) {
      return { kernel, dilations: this.dilationRate };
    }
    return { kernel: dilateKernel(kernel, this.dilationRate), dilations: this.dilationRate.map(() => 1) };
  }

  /** With 'valid' padding, the (dilated) kernel must fit in the input. */
  protected checkWindow(shape: Shape): void {
    checkWindowFits(this, shape, this.kernelSize, this.padding, 'kernelSize', this.dilationRate);
  }

  /** The one input shape, checked against the rank (and, once built, the channels). */
  protected checkedShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(this, inputShape, this.inputShapeHint(inputShape));
    this.assertInputCompatible(shape);
    return shape;
  }
}

/** A convolution with `filters` outputs and one `kernel` weight (Conv1D, Conv2D, Conv2DTranspose). */
export abstract class Conv extends BaseConv {
  readonly filters: number;
  readonly kernelInitializer: Initializer;
  readonly kernelRegularizer?: Regularizer;
  readonly kernelConstraint?: Constraint;
  protected kernel!: tf.Variable;

  constructor(rank: 1 | 2, args: ConvArgs, paddings?: readonly string[]) {
    super(rank, args, paddings);
    if (!Number.isInteger(args.filters) || args.filters < 1) {
      throw new InvalidArgumentError(
        `${this.describe()}: filters (the number of output channels) must be a positive integer, got ` +
          `${JSON.stringify(args.filters)}.`,
      );
    }
    this.filters = args.filters;
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorotUniform');
    this.kernelRegularizer = optionalRegularizer(args.kernelRegularizer);
    this.kernelConstraint = optionalConstraint(args.kernelConstraint);
  }

  protected outputChannels(): number {
    return this.filters;
  }

  /** `[...kernelSize, in, filters]` (Conv2DTranspose: `[...kernelSize, filters, in]`). */
  protected kernelShape(inputChannels: number): number[] {
    return [...this.kernelSize, inputChannels, this.filters];
  }

  protected createKernels(inputChannels: number): void {
    this.kernel = this.addWeight('kernel', this.kernelShape(inputChannels), {
      initializer: this.kernelInitializer,
      ...withPenalty(this.kernelRegularizer, this.kernelConstraint),
    });
  }

  override getConfig(): LayerArgs & Record<string, unknown> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      kernelRegularizer: serializeRegularizer(this.kernelRegularizer),
      kernelConstraint: serializeConstraint(this.kernelConstraint),
    };
  }
}

export interface DepthwiseArgs extends BaseConvArgs {
  kernelSize: number | [number, number];
  strides?: number | [number, number];
  dilationRate?: number | [number, number];
  /** Depthwise output channels per input channel. Default: `1`. */
  depthMultiplier?: number;
  /** Default: `'glorotUniform'`. */
  depthwiseInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  depthwiseConstraint?: ConstraintIdentifier | null;
}

/**
 * What DepthwiseConv2D and SeparableConv2D share: `depthMultiplier` and the per-channel
 * `depthwise_kernel [kh, kw, channels, depthMultiplier]`, convolved by `depthwise` (dilation included).
 */
export abstract class DepthwiseBase extends BaseConv {
  readonly depthMultiplier: number;
  readonly depthwiseInitializer: Initializer;
  readonly depthwiseRegularizer?: Regularizer;
  readonly depthwiseConstraint?: Constraint;
  protected depthwiseKernel!: tf.Variable;

  constructor(args: DepthwiseArgs) {
    super(2, args);
    this.depthMultiplier = requirePositiveInt(this, 'depthMultiplier', args.depthMultiplier ?? 1);
    this.depthwiseInitializer = getInitializer(args.depthwiseInitializer ?? 'glorotUniform');
    this.depthwiseRegularizer = optionalRegularizer(args.depthwiseRegularizer);
    this.depthwiseConstraint = optionalConstraint(args.depthwiseConstraint);
  }

  protected createKernels(inputChannels: number): void {
    this.depthwiseKernel = this.addWeight(
      'depthwise_kernel',
      [...this.kernelSize, inputChannels, this.depthMultiplier],
      {
        initializer: this.depthwiseInitializer,
        ...withPenalty(this.depthwiseRegularizer, this.depthwiseConstraint),
      },
    );
  }
}
