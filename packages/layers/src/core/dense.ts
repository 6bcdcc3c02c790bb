import * as tf from '@strata/core';
import { formatShapeCode, type Shape } from '@strata/core';
import {
  type ActivationIdentifier,
  fusableActivation,
  getActivation,
  isRecordingGradients,
  serializeActivation,
} from '../activations/get-activation.js';
import { type Constraint, type ConstraintIdentifier, getConstraint } from '../constraints/index.js';
import { getInitializer, type Initializer, type InitializerIdentifier } from '../initializers/index.js';
import { type CallArgs, Layer, type LayerArgs } from '../layer.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers/index.js';
import { registerLayer } from '../serialization.js';
import { knownLastAxis, requirePositiveInt, serializeObject } from './layer-args.js';

export interface DenseArgs extends LayerArgs {
  /** Size of the output's last axis. */
  units: number;
  /** Applied after the bias. Default: `'linear'` (none). */
  activation?: ActivationIdentifier;
  /** Default: `true`. */
  useBias?: boolean;
  /** Default: `'glorotUniform'`. */
  kernelInitializer?: InitializerIdentifier;
  /** Default: `'zeros'`. */
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  /** Penalty on the output, divided by the batch size (as Keras), added to `losses`. */
  activityRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
  /** Size of the input's last axis, to build without data (tfjs-layers's shorthand for `inputShape: [inputDim]`). */
  inputDim?: number;
}

/**
 * Fully connected layer: `activation(x · kernel + bias)`. Inputs of rank > 2 are multiplied on their last axis
 * (`[batch, steps, features]` → `[batch, steps, units]`).
 * @example new Dense({ units: 10 }).apply(tf.zeros([32, 784])).shape; // [32, 10]
 */
export class Dense extends Layer {
  // Minifiers rename classes; serialization needs a stable name.
  static override readonly className = 'Dense';
  readonly units: number;
  readonly activation: ActivationIdentifier;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer?: Regularizer;
  readonly biasRegularizer?: Regularizer;
  readonly activityRegularizer?: Regularizer;
  readonly kernelConstraint?: Constraint;
  readonly biasConstraint?: Constraint;
  kernel!: tf.Variable;
  bias?: tf.Variable;
  private readonly activationFn: (x: tf.Tensor) => tf.Tensor;

  constructor(args: DenseArgs) {
    const { inputDim, ...rest } = args ?? ({} as DenseArgs);
    super(
      inputDim !== undefined && !rest.inputShape && !rest.batchInputShape
        ? { ...rest, inputShape: [inputDim] }
        : rest,
    );
    this.units = requirePositiveInt(this, 'units', args?.units);
    this.activation = args.activation ?? 'linear';
    this.activationFn = getActivation(this.activation);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorotUniform');
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros');
    if (args.kernelRegularizer) this.kernelRegularizer = getRegularizer(args.kernelRegularizer);
    if (args.biasRegularizer) this.biasRegularizer = getRegularizer(args.biasRegularizer);
    if (args.activityRegularizer) this.activityRegularizer = getRegularizer(args.activityRegularizer);
    if (args.kernelConstraint) this.kernelConstraint = getConstraint(args.kernelConstraint);
    if (args.biasConstraint) this.biasConstraint = getConstraint(args.biasConstraint);
    this.inputSpec = { minNdim: 2 };
  }

  override build(inputShape: Shape): void {
    this.assertInputCompatible(inputShape);
    const inputDim = knownLastAxis(this, inputShape);
    this.kernel = this.addWeight('kernel', [inputDim, this.units], {
      initializer: this.kernelInitializer,
      ...(this.kernelRegularizer && { regularizer: this.kernelRegularizer }),
      ...(this.kernelConstraint && { constraint: this.kernelConstraint }),
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', [this.units], {
        initializer: this.biasInitializer,
        ...(this.biasRegularizer && { regularizer: this.biasRegularizer }),
        ...(this.biasConstraint && { constraint: this.biasConstraint }),
      });
    }
    this.inputSpec = { minNdim: 2, axes: { [-1]: inputDim } };
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor {
    let x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (x.dtype !== this.kernel.dtype) x = tf.cast(x, this.kernel.dtype);
    // matMul wants rank 2: fold the leading axes into one and unfold them after.
    const outer = x.shape.slice(0, -1);
    const flat = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, x.shape[x.rank - 1]!]);
    // One fused kernel for matMul + bias + activation. Under a gradient tape only activations whose fused
    // gradient tfjs implements are fused; the others run after the kernel.
    const fused = fusableActivation(this.activation, { differentiable: isRecordingGradients() });
    let y: tf.Tensor = tf.fused.matMul({
      a: flat as tf.Tensor2D,
      b: this.kernel as tf.Tensor2D,
      ...(this.bias && { bias: this.bias }),
      activation: fused ?? 'linear',
    });
    if (!fused) y = this.activationFn(y);
    if (x.rank !== 2) y = tf.reshape(y, [...outer, this.units]);
    if (this.activityRegularizer) this.addLoss(tf.div(this.activityRegularizer.apply(y), y.shape[0] || 1));
    return y;
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape.slice(0, -1), this.units];
  }

  protected override inputShapeHint(received: Shape): string {
    const inputDim = this.kernel?.shape[0];
    if (received.length < 2) {
      return `Dense needs a batch axis: for one sample of ${received[0] ?? 'n'} features pass shape [1, ${received[0] ?? 'n'}] (x.expandDims(0)).`;
    }
    const features = received.slice(1);
    const size = features.every((d) => d !== null)
      ? features.reduce<number>((a, b) => a * (b as number), 1)
      : null;
    if (received.length > 2 && (inputDim === undefined || size === inputDim)) {
      return (
        `Add a Flatten layer before '${this.name}', or reshape the input to ` +
        `${formatShapeCode([received[0] ?? null, size])}.`
      );
    }
    return inputDim === undefined
      ? ''
      : `'${this.name}' was built for ${inputDim} input features; use a new Dense layer for inputs of another size.`;
  }

  override getConfig() {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: serializeActivation(this.activation),
      useBias: this.useBias,
      kernelInitializer: serializeObject(this.kernelInitializer),
      biasInitializer: serializeObject(this.biasInitializer),
      kernelRegularizer: serializeObject(this.kernelRegularizer),
      biasRegularizer: serializeObject(this.biasRegularizer),
      activityRegularizer: serializeObject(this.activityRegularizer),
      kernelConstraint: serializeObject(this.kernelConstraint),
      biasConstraint: serializeObject(this.biasConstraint),
    };
  }
}

registerLayer(Dense);
