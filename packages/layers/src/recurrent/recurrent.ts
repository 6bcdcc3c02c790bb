import * as tf from '@strata/core';
import { formatShapeCode, InvalidArgumentError, type Shape, ShapeMismatchError } from '@strata/core';
import {
  type ActivationFn,
  type ActivationIdentifier,
  getActivation,
  serializeActivation,
} from '../activations/index.js';
import type { Constraint, ConstraintIdentifier } from '../constraints/index.js';
import { optionalConstraint, optionalRegularizer, withPenalty } from '../convolutional/base-conv.js';
import {
  requirePositiveInt,
  requireRate,
  serializeConstraint,
  serializeRegularizer,
  singleShape,
} from '../convolutional/conv-utils.js';
import {
  getInitializer,
  type Initializer,
  type InitializerIdentifier,
  serializeInitializer,
} from '../initializers/index.js';
import { type CallArgs, Layer, type LayerArgs } from '../layer.js';
import type { Regularizer, RegularizerIdentifier } from '../regularizers/index.js';

export interface RecurrentArgs extends LayerArgs {
  /** Size of the hidden state and of the output's last axis. */
  units: number;
  /** Default: `'tanh'`. */
  activation?: ActivationIdentifier;
  /** Default: `true`. */
  useBias?: boolean;
  /** For `kernel` (inputs → gates). Default: `'glorotUniform'`. */
  kernelInitializer?: InitializerIdentifier;
  /** For `recurrent_kernel` (state → gates). Default: `'orthogonal'`. */
  recurrentInitializer?: InitializerIdentifier;
  /** Default: `'zeros'`. */
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  recurrentRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  /** Penalty on the layer's output, added to `losses` on every call. */
  activityRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  recurrentConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
  /** Fraction of input features dropped in training (one mask per sequence, as Keras). Default: `0`. */
  dropout?: number;
  /** Fraction of state units dropped before the recurrent product in training. Default: `0`. */
  recurrentDropout?: number;
  /** Return the output of every step (`[batch, time, units]`) instead of the last (`[batch, units]`). Default: `false`. */
  returnSequences?: boolean;
  /** Also return the final states: `[output, ...states]`. Default: `false`. */
  returnState?: boolean;
  /** Process the sequence in reverse; sequence outputs are then in reverse order too (Keras). Default: `false`. */
  goBackwards?: boolean;
  /** Not supported (only `false`); kept so tfjs/Keras configs load. */
  stateful?: boolean;
  /** Ignored: the time loop is always unrolled into tf ops (so gradients flow through it). */
  unroll?: boolean;
}

/** Keyword arguments of a recurrent layer's `apply`. */
export interface RecurrentCallArgs extends CallArgs {
  /** `[batch, time]`: where 0/false, the step is skipped (states carried over, previous output repeated). */
  mask?: tf.Tensor | null;
  /** Initial states (`[batch, units]` each; LSTM: `[h, c]`). Default: zeros. */
  initialState?: tf.Tensor | tf.Tensor[];
}

/**
 * What SimpleRNN, LSTM and GRU share: weights `kernel [features, gates · units]`, `recurrent_kernel
 * [units, gates · units]`, `bias`; the time loop (unrolled with tf ops, so gradients work everywhere), masks,
 * initial states, dropout, `returnSequences`/`returnState`/`goBackwards`; input checks, output shapes, config.
 */
export abstract class Recurrent extends Layer {
  readonly units: number;
  readonly activation: ActivationIdentifier;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly recurrentInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer?: Regularizer;
  readonly recurrentRegularizer?: Regularizer;
  readonly biasRegularizer?: Regularizer;
  readonly activityRegularizer?: Regularizer;
  readonly kernelConstraint?: Constraint;
  readonly recurrentConstraint?: Constraint;
  readonly biasConstraint?: Constraint;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  protected readonly activationFn: ActivationFn;
  protected kernel!: tf.Variable;
  protected recurrentKernel!: tf.Variable;
  protected bias?: tf.Variable;

  constructor(args: RecurrentArgs) {
    super(args);
    this.units = requirePositiveInt(this, 'units', args?.units);
    this.activation = args.activation ?? 'tanh';
    this.activationFn = getActivation(this.activation);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorotUniform');
    this.recurrentInitializer = getInitializer(args.recurrentInitializer ?? 'orthogonal');
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros');
    this.kernelRegularizer = optionalRegularizer(args.kernelRegularizer);
    this.recurrentRegularizer = optionalRegularizer(args.recurrentRegularizer);
    this.biasRegularizer = optionalRegularizer(args.biasRegularizer);
    this.activityRegularizer = optionalRegularizer(args.activityRegularizer);
    this.kernelConstraint = optionalConstraint(args.kernelConstraint);
    this.recurrentConstraint = optionalConstraint(args.recurrentConstraint);
    this.biasConstraint = optionalConstraint(args.biasConstraint);
    this.dropout = requireRate(this, 'dropout', args.dropout);
    this.recurrentDropout = requireRate(this, 'recurrentDropout', args.recurrentDropout);
    this.returnSequences = args.returnSequences ?? false;
    this.returnState = args.returnState ?? false;
    this.goBackwards = args.goBackwards ?? false;
    if (args.stateful) {
      throw new InvalidArgumentError(
        `${this.describe()}: stateful RNNs are not supported. Carry the state yourself: use returnState: true and ` +
          'pass the returned states as initialState on the next call.',
      );
    }
    this.inputSpec = { ndim: 3 };
  }

  /** Number of gate blocks in the kernels (SimpleRNN 1, GRU 3, LSTM 4). */
  protected abstract readonly gateCount: number;
  /** Number of state tensors (LSTM 2: h and c; others 1). */
  protected abstract readonly stateCount: number;

  /** Shape and initializer of the bias (GRU with resetAfter has two rows; LSTM may set the forget gate to 1). */
  protected biasSpec(): { shape: number[]; initializer: Initializer } {
    return { shape: [this.gateCount * this.units], initializer: this.biasInitializer };
  }

  /** The bias added to the input projection `x · kernel` (all of it, except for GRU with resetAfter). */
  protected inputBias(): tf.Tensor | undefined {
    return this.bias;
  }

  /**
   * One time step: `projected` is `x_t · kernel + inputBias` (`[batch, gates · units]`), `states` the previous
   * states, `recurrentMask` the recurrent-dropout mask (or undefined). Returns the new states; the output is the
   * first one (h).
   */
  protected abstract step(
    projected: tf.Tensor,
    states: tf.Tensor[],
    recurrentMask: tf.Tensor | undefined,
  ): tf.Tensor[];

  override build(inputShape: Shape | Shape[]): void {
    const shape = this.checkedShape(inputShape);
    const features = shape[2];
    if (features === null || features === undefined) {
      throw new ShapeMismatchError(
        this.describe(),
        'an input whose feature axis (the last) is known',
        shape,
        'The kernel is sized by the number of features: give the model an input shape such as [null, 8] (any length, 8 features).',
      );
    }
    const width = this.gateCount * this.units;
    this.kernel = this.addWeight('kernel', [features, width], {
      initializer: this.kernelInitializer,
      ...withPenalty(this.kernelRegularizer, this.kernelConstraint),
    });
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, width], {
      initializer: this.recurrentInitializer,
      ...withPenalty(this.recurrentRegularizer, this.recurrentConstraint),
    });
    if (this.useBias) {
      const { shape: biasShape, initializer } = this.biasSpec();
      this.bias = this.addWeight('bias', biasShape, {
        initializer,
        ...withPenalty(this.biasRegularizer, this.biasConstraint),
      });
    }
    this.inputSpec = { ndim: 3, axes: { [-1]: features } };
  }

  override call(x: tf.Tensor, kwargs: RecurrentCallArgs): tf.Tensor | tf.Tensor[] {
    const [batch, time] = x.shape as [number, number, number];
    const mask = this.checkedMask(kwargs.mask, batch, time);
    let states = this.initialStates(kwargs.initialState, batch);
    const training = kwargs.training === true;

    let inputs = x;
    if (training && this.dropout > 0) {
      // One mask per sequence, the same at every step (Gal & Ghahramani, as Keras).
      inputs = tf.mul(inputs, tf.expandDims(tf.dropout(tf.ones([batch, x.shape[2]!]), this.dropout), 1));
    }
    const recurrentMask =
      training && this.recurrentDropout > 0
        ? tf.dropout(tf.ones([batch, this.units]), this.recurrentDropout)
        : undefined;

    // The input projection for all steps in one product; only the recurrent part runs step by step.
    const flat = tf.matMul(tf.reshape(inputs, [batch * time, -1]), this.kernel);
    const inputBias = this.inputBias();
    const projected = tf.reshape(inputBias ? tf.add(flat, inputBias) : flat, [batch, time, -1]);
    // goBackwards reverses the tensors, not the unstacked arrays: in tfjs 4.22, stacking unstacked tensors in another
    // order gives wrong gradients (tf.stack(tf.unstack(a).reverse()) differentiates as if not reversed).
    const timeMask = mask ? tf.expandDims(tf.cast(mask, 'bool'), -1) : undefined;
    const steps = tf.unstack(this.goBackwards ? tf.reverse(projected, 1) : projected, 1);
    const stepMasks = timeMask && tf.unstack(this.goBackwards ? tf.reverse(timeMask, 1) : timeMask, 1);

    const outputs: tf.Tensor[] = [];
    steps.forEach((projectedStep, t) => {
      let next = this.step(projectedStep, states, recurrentMask);
      if (stepMasks) {
        // Masked steps keep the previous states, so the output repeats the previous h (tfjs-layers, Keras).
        const keep = stepMasks[t]!;
        next = next.map((s, i) => tf.where(tf.broadcastTo(keep, s.shape), s, states[i]!));
      }
      states = next;
      if (this.returnSequences) outputs.push(states[0]!);
    });

    const output = this.returnSequences ? tf.stack(outputs, 1) : states[0]!;
    if (this.activityRegularizer) this.addLoss(this.activityRegularizer.apply(output));
    return this.returnState ? [output, ...states] : output;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const [batch, time] = this.checkedShape(inputShape);
    const output: Shape = this.returnSequences ? [batch!, time!, this.units] : [batch!, this.units];
    if (!this.returnState) return output;
    return [output, ...Array.from({ length: this.stateCount }, (): Shape => [batch!, this.units])];
  }

  override getConfig(): LayerArgs & Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: serializeActivation(this.activation),
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      recurrentInitializer: serializeInitializer(this.recurrentInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      kernelRegularizer: serializeRegularizer(this.kernelRegularizer),
      recurrentRegularizer: serializeRegularizer(this.recurrentRegularizer),
      biasRegularizer: serializeRegularizer(this.biasRegularizer),
      activityRegularizer: serializeRegularizer(this.activityRegularizer),
      kernelConstraint: serializeConstraint(this.kernelConstraint),
      recurrentConstraint: serializeConstraint(this.recurrentConstraint),
      biasConstraint: serializeConstraint(this.biasConstraint),
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      stateful: false,
      unroll: false,
    };
  }

  protected override inputShapeHint(received: Shape | Shape[]): string {
    const className = (this.constructor as typeof Layer).className;
    const intro = `${className} expects [batch, timesteps, features]`;
    if (received.length > 0 && Array.isArray(received[0])) {
      return `${intro}: pass one tensor (initial states go in apply(x, { initialState })).`;
    }
    const shape = received as Shape;
    if (shape.length === 2) {
      return (
        `${intro}. For one sequence of ${shape[0] ?? 'n'} steps, add a batch axis: tf.expandDims(x, 0); for ` +
        `${shape[1]} features per sample, add a time axis with Reshape([1, ${shape[1]}]) (or Reshape([${shape[1]}, 1]) for ${shape[1]} steps of 1 feature).`
      );
    }
    if (shape.length === 3 && this.inputSpec?.axes?.[-1] !== undefined) {
      return `It was built for ${this.inputSpec.axes[-1]} features per step; use a new layer for ${shape[2]}-feature inputs.`;
    }
    if (shape.length === 4) {
      return `${intro}. For image rows as steps, reshape [h, w, c] images with Reshape([h, w * c]).`;
    }
    return `${intro}: reshape the input to rank 3.`;
  }

  protected checkedShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(this, inputShape, this.inputShapeHint(inputShape));
    this.assertInputCompatible(shape);
    return shape;
  }

  private checkedMask(mask: RecurrentCallArgs['mask'], batch: number, time: number): tf.Tensor | undefined {
    if (mask === undefined || mask === null) return undefined;
    if (Array.isArray(mask) || !tf.util.arraysEqual(mask.shape, [batch, time])) {
      throw new ShapeMismatchError(
        `${this.describe()}: mask`,
        [batch, time],
        Array.isArray(mask) ? [mask.length] : mask.shape,
        'Pass one [batch, timesteps] tensor (1 = use the step, 0 = skip it), e.g. from an Embedding with maskZero.',
      );
    }
    return mask;
  }

  private initialStates(given: RecurrentCallArgs['initialState'], batch: number): tf.Tensor[] {
    if (given === undefined || given === null) {
      return Array.from({ length: this.stateCount }, () => tf.zeros([batch, this.units]));
    }
    const list = Array.isArray(given) ? given : [given];
    const expected = [batch, this.units];
    const bad = list.findIndex((s) => !(s instanceof tf.Tensor) || !tf.util.arraysEqual(s.shape, expected));
    if (list.length !== this.stateCount || bad >= 0) {
      const got = list.map((s) => (s instanceof tf.Tensor ? formatShapeCode(s.shape) : typeof s)).join(', ');
      throw new InvalidArgumentError(
        `${this.describe()}: initialState must be ${this.stateCount} tensor(s) of shape ${formatShapeCode(expected)}` +
          `${this.stateCount === 2 ? ' ([h, c])' : ''}, got ${list.length}: ${got}. Use the states returned by a ` +
          'layer with returnState: true, or tf.zeros([batch, units]).',
      );
    }
    return list;
  }
}
