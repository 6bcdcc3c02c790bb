import * as tf from '@strata/core';
import { InvalidArgumentError, type Shape, ShapeMismatchError } from '@strata/core';
import { type Constraint, type ConstraintIdentifier, getConstraint } from '../constraints/index.js';
import { withPenalty } from '../convolutional/base-conv.js';
import { normalizeAxis, oneInput, requireNumberIn, serializeObject } from '../core/layer-args.js';
import { getInitializer, type Initializer, type InitializerIdentifier } from '../initializers/index.js';
import { type CallArgs, Layer, type LayerArgs } from '../layer.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers/index.js';
import { registerLayer } from '../serialization.js';
import { scaleAndCenter } from './normalize.js';

export interface BatchNormalizationArgs extends LayerArgs {
  /** The features axis (normalized per entry; the others are averaged over). Default: -1. */
  axis?: number;
  /** Weight of the old value in the moving averages. Default: 0.99. */
  momentum?: number;
  /** Added to the variance. Default: 1e-3. */
  epsilon?: number;
  /** Learn an offset `beta`. Default: true. */
  center?: boolean;
  /** Learn a scale `gamma`. Default: true (set false before a ReLU-free linear layer, which can scale itself). */
  scale?: boolean;
  /** Default: `'zeros'`. */
  betaInitializer?: InitializerIdentifier;
  /** Default: `'ones'`. */
  gammaInitializer?: InitializerIdentifier;
  /** Default: `'zeros'`. */
  movingMeanInitializer?: InitializerIdentifier;
  /** Default: `'ones'`. */
  movingVarianceInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
  betaConstraint?: ConstraintIdentifier | null;
  gammaConstraint?: ConstraintIdentifier | null;
}

/**
 * Batch normalization: `gamma · (x - mean) / sqrt(variance + epsilon) + beta` per feature. In training it uses
 * the batch's mean and variance and updates the moving averages
 * `moving = momentum · moving + (1 - momentum) · batch`; in inference it uses the moving averages.
 * A frozen layer (`trainable = false`) always runs in inference mode, even inside `fit` (Keras ≥ 2.1
 * behaviour, so fine-tuning a pretrained model does not disturb its statistics).
 * @example new BatchNormalization().apply(tf.randomNormal([32, 10]), { training: true });
 */
export class BatchNormalization extends Layer {
  static override readonly className = 'BatchNormalization';
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: Initializer;
  readonly gammaInitializer: Initializer;
  readonly movingMeanInitializer: Initializer;
  readonly movingVarianceInitializer: Initializer;
  readonly betaRegularizer?: Regularizer;
  readonly gammaRegularizer?: Regularizer;
  readonly betaConstraint?: Constraint;
  readonly gammaConstraint?: Constraint;
  gamma?: tf.Variable;
  beta?: tf.Variable;
  movingMean!: tf.Variable;
  movingVariance!: tf.Variable;

  constructor(args: BatchNormalizationArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
    if (!Number.isInteger(this.axis)) {
      throw new InvalidArgumentError(
        `${this.describe()}: axis must be an integer, got ${JSON.stringify(args.axis)}.`,
      );
    }
    this.momentum = requireNumberIn(this, 'momentum', args.momentum ?? 0.99, 0, 1);
    this.epsilon = requireNumberIn(this, 'epsilon', args.epsilon ?? 1e-3, 0, Number.MAX_VALUE, { min: true });
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.betaInitializer = getInitializer(args.betaInitializer ?? 'zeros');
    this.gammaInitializer = getInitializer(args.gammaInitializer ?? 'ones');
    this.movingMeanInitializer = getInitializer(args.movingMeanInitializer ?? 'zeros');
    this.movingVarianceInitializer = getInitializer(args.movingVarianceInitializer ?? 'ones');
    if (args.betaRegularizer) this.betaRegularizer = getRegularizer(args.betaRegularizer);
    if (args.gammaRegularizer) this.gammaRegularizer = getRegularizer(args.gammaRegularizer);
    if (args.betaConstraint) this.betaConstraint = getConstraint(args.betaConstraint);
    if (args.gammaConstraint) this.gammaConstraint = getConstraint(args.gammaConstraint);
  }

  override build(inputShape: Shape): void {
    const axis = normalizeAxis(this, this.axis, inputShape.length);
    const dim = inputShape[axis];
    if (dim === null || dim === undefined) {
      throw new ShapeMismatchError(
        this.describe(),
        `an input whose axis ${this.axis} (the features) is known`,
        inputShape,
        'It sizes gamma, beta and the moving statistics: give the model a full input shape.',
      );
    }
    if (this.scale) {
      this.gamma = this.addWeight('gamma', [dim], {
        initializer: this.gammaInitializer,
        ...withPenalty(this.gammaRegularizer, this.gammaConstraint),
      });
    }
    if (this.center) {
      this.beta = this.addWeight('beta', [dim], {
        initializer: this.betaInitializer,
        ...withPenalty(this.betaRegularizer, this.betaConstraint),
      });
    }
    this.movingMean = this.addWeight('moving_mean', [dim], {
      initializer: this.movingMeanInitializer,
      trainable: false,
    });
    this.movingVariance = this.addWeight('moving_variance', [dim], {
      initializer: this.movingVarianceInitializer,
      trainable: false,
    });
    this.inputSpec = { ndim: inputShape.length, axes: { [axis]: dim } };
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: CallArgs): tf.Tensor {
    const x = oneInput(this, inputs);
    const axis = normalizeAxis(this, this.axis, x.rank);
    const broadcast = x.shape.map((d, i) => (i === axis ? d : 1));
    const shaped = (v: tf.Tensor | undefined) => (v ? tf.reshape(v, broadcast) : undefined);
    // A frozen layer normalizes with its moving statistics even in training (Keras ≥ 2.1).
    if (!kwargs.training || !this.trainable) {
      return this.normalize(x, shaped(this.movingMean)!, shaped(this.movingVariance)!, broadcast);
    }
    const reduce = x.shape.map((_, i) => i).filter((i) => i !== axis);
    const { mean, variance } = tf.moments(x, reduce, true);
    // Moving averages as tfjs-layers and Keras: moving -= (moving - batch) · (1 - momentum), with the biased
    // batch variance. Assigned here, inside apply: no update op for the trainer to run.
    const decay = 1 - this.momentum;
    for (const [moving, batch] of [
      [this.movingMean, mean],
      [this.movingVariance, variance],
    ] as const) {
      moving.assign(tf.sub(moving, tf.mul(tf.sub(moving, tf.reshape(batch, moving.shape)), decay)));
    }
    return this.normalize(x, mean, variance, broadcast);
  }

  private normalize(x: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor, broadcast: number[]): tf.Tensor {
    return scaleAndCenter(x, mean, variance, this.epsilon, broadcast, this.gamma, this.beta);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig() {
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeObject(this.betaInitializer),
      gammaInitializer: serializeObject(this.gammaInitializer),
      movingMeanInitializer: serializeObject(this.movingMeanInitializer),
      movingVarianceInitializer: serializeObject(this.movingVarianceInitializer),
      betaRegularizer: serializeObject(this.betaRegularizer),
      gammaRegularizer: serializeObject(this.gammaRegularizer),
      betaConstraint: serializeObject(this.betaConstraint),
      gammaConstraint: serializeObject(this.gammaConstraint),
    };
  }
}

registerLayer(BatchNormalization);
