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

export interface LayerNormalizationArgs extends LayerArgs {
  /** Axis or axes normalized over, per sample. Default: -1. */
  axis?: number | number[];
  /** Added to the variance. Default: 1e-3. */
  epsilon?: number;
  /** Learn an offset `beta`. Default: true. */
  center?: boolean;
  /** Learn a scale `gamma`. Default: true. */
  scale?: boolean;
  /** Default: `'zeros'`. */
  betaInitializer?: InitializerIdentifier;
  /** Default: `'ones'`. */
  gammaInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
  betaConstraint?: ConstraintIdentifier | null;
  gammaConstraint?: ConstraintIdentifier | null;
}

/**
 * Layer normalization (Ba et al., 2016): each sample is normalized over `axis` with its own mean and variance,
 * `gamma · (x - mean) / sqrt(variance + epsilon) + beta`. The same in training and inference.
 * @example new LayerNormalization().apply(tf.randomNormal([8, 16, 64])); // each of the 8·16 vectors: mean 0, variance ~1
 */
export class LayerNormalization extends Layer {
  static override readonly className = 'LayerNormalization';
  readonly axis: number | number[];
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: Initializer;
  readonly gammaInitializer: Initializer;
  readonly betaRegularizer?: Regularizer;
  readonly gammaRegularizer?: Regularizer;
  readonly betaConstraint?: Constraint;
  readonly gammaConstraint?: Constraint;
  gamma?: tf.Variable;
  beta?: tf.Variable;

  constructor(args: LayerNormalizationArgs = {}) {
    super(args);
    const axis = args.axis ?? -1;
    const axes = Array.isArray(axis) ? axis : [axis];
    if (axes.length === 0 || !axes.every(Number.isInteger)) {
      throw new InvalidArgumentError(
        `${this.describe()}: axis must be an integer or a non-empty array of integers, got ${JSON.stringify(args.axis)}.`,
      );
    }
    this.axis = Array.isArray(axis) ? [...axis] : axis;
    this.epsilon = requireNumberIn(this, 'epsilon', args.epsilon ?? 1e-3, 0, Number.MAX_VALUE, { min: true });
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.betaInitializer = getInitializer(args.betaInitializer ?? 'zeros');
    this.gammaInitializer = getInitializer(args.gammaInitializer ?? 'ones');
    if (args.betaRegularizer) this.betaRegularizer = getRegularizer(args.betaRegularizer);
    if (args.gammaRegularizer) this.gammaRegularizer = getRegularizer(args.gammaRegularizer);
    if (args.betaConstraint) this.betaConstraint = getConstraint(args.betaConstraint);
    if (args.gammaConstraint) this.gammaConstraint = getConstraint(args.gammaConstraint);
  }

  /** The normalized axes for an input of this rank, as non-negative numbers in increasing order. */
  private axesFor(rank: number): number[] {
    const axes = [this.axis].flat().map((a) => normalizeAxis(this, a, rank));
    if (new Set(axes).size !== axes.length) {
      throw new InvalidArgumentError(
        `${this.describe()}: axis ${JSON.stringify(this.axis)} repeats an axis.`,
      );
    }
    return axes.sort((a, b) => a - b);
  }

  override build(inputShape: Shape): void {
    const axes = this.axesFor(inputShape.length);
    const paramShape = axes.map((a) => inputShape[a]);
    if (paramShape.some((d) => d === null || d === undefined)) {
      throw new ShapeMismatchError(
        this.describe(),
        `an input whose normalized axes ${JSON.stringify(this.axis)} are known`,
        inputShape,
        'They size gamma and beta: give the model a full input shape.',
      );
    }
    const shape = paramShape as number[];
    if (this.scale) {
      this.gamma = this.addWeight('gamma', shape, {
        initializer: this.gammaInitializer,
        ...withPenalty(this.gammaRegularizer, this.gammaConstraint),
      });
    }
    if (this.center) {
      this.beta = this.addWeight('beta', shape, {
        initializer: this.betaInitializer,
        ...withPenalty(this.betaRegularizer, this.betaConstraint),
      });
    }
    this.inputSpec = {
      ndim: inputShape.length,
      axes: Object.fromEntries(axes.map((a, i) => [a, shape[i]!])),
    };
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor {
    const x = oneInput(this, inputs);
    const axes = this.axesFor(x.rank);
    const broadcast = x.shape.map((d, i) => (axes.includes(i) ? d : 1));
    const { mean, variance } = tf.moments(x, axes, true);
    return scaleAndCenter(x, mean, variance, this.epsilon, broadcast, this.gamma, this.beta);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig() {
    return {
      ...super.getConfig(),
      axis: Array.isArray(this.axis) ? [...this.axis] : this.axis,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeObject(this.betaInitializer),
      gammaInitializer: serializeObject(this.gammaInitializer),
      betaRegularizer: serializeObject(this.betaRegularizer),
      gammaRegularizer: serializeObject(this.gammaRegularizer),
      betaConstraint: serializeObject(this.betaConstraint),
      gammaConstraint: serializeObject(this.gammaConstraint),
    };
  }
}

registerLayer(LayerNormalization);
