import * as tf from '@strata/core';
import { InvalidArgumentError, type Shape } from '@strata/core';
import { type Constraint, type ConstraintIdentifier, getConstraint } from '../constraints/index.js';
import { oneInput, serializeObject } from '../core/layer-args.js';
import { getInitializer, type Initializer, type InitializerIdentifier } from '../initializers/index.js';
import { type CallArgs, Layer, type LayerArgs } from '../layer.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers/index.js';
import { registerLayer } from '../serialization.js';

export interface PReLUArgs extends LayerArgs {
  /** Default: `'zeros'` (starts as ReLU). */
  alphaInitializer?: InitializerIdentifier;
  alphaRegularizer?: RegularizerIdentifier | null;
  alphaConstraint?: ConstraintIdentifier | null;
  /** Axes (1-based, batch excluded) sharing one slope, e.g. `[1, 2]` for one slope per channel of images. */
  sharedAxes?: number | number[] | null;
}

/**
 * Parametric ReLU: `x` for `x > 0`, else `alpha · x`, with `alpha` learned per element of a sample (or shared
 * along `sharedAxes`).
 * @example new PReLU({ sharedAxes: [1, 2] }).apply(tf.zeros([8, 28, 28, 3])); // alpha has shape [1, 1, 3]
 */
export class PReLU extends Layer {
  static override readonly className = 'PReLU';
  readonly alphaInitializer: Initializer;
  readonly alphaRegularizer?: Regularizer;
  readonly alphaConstraint?: Constraint;
  readonly sharedAxes: number[] | null;
  alpha!: tf.Variable;

  constructor(args: PReLUArgs = {}) {
    super(args);
    this.alphaInitializer = getInitializer(args.alphaInitializer ?? 'zeros');
    if (args.alphaRegularizer) this.alphaRegularizer = getRegularizer(args.alphaRegularizer);
    if (args.alphaConstraint) this.alphaConstraint = getConstraint(args.alphaConstraint);
    const shared = args.sharedAxes ?? null;
    this.sharedAxes = shared === null ? null : Array.isArray(shared) ? [...shared] : [shared];
    if (this.sharedAxes?.some((a) => !Number.isInteger(a) || a < 1)) {
      throw new InvalidArgumentError(
        `${this.describe()}: sharedAxes are 1-based axes after the batch axis, got ${JSON.stringify(shared)}.`,
      );
    }
  }

  override build(inputShape: Shape): void {
    const paramShape = inputShape.slice(1);
    for (const axis of this.sharedAxes ?? []) {
      if (axis >= inputShape.length) {
        throw new InvalidArgumentError(
          `${this.describe()}: sharedAxes ${JSON.stringify(this.sharedAxes)} names axis ${axis}, but the input has ` +
            `rank ${inputShape.length} (axes 1 to ${inputShape.length - 1} after the batch).`,
        );
      }
      paramShape[axis - 1] = 1;
    }
    if (paramShape.some((d) => d === null)) {
      throw new InvalidArgumentError(
        `${this.describe()}: every non-batch axis must be known to size alpha, got input shape ` +
          `${JSON.stringify(inputShape)}. Share the unknown axes with sharedAxes.`,
      );
    }
    this.alpha = this.addWeight('alpha', paramShape as number[], {
      initializer: this.alphaInitializer,
      ...(this.alphaRegularizer && { regularizer: this.alphaRegularizer }),
      ...(this.alphaConstraint && { constraint: this.alphaConstraint }),
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor {
    return tf.prelu(oneInput(this, inputs), this.alpha);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig() {
    return {
      ...super.getConfig(),
      alphaInitializer: serializeObject(this.alphaInitializer),
      alphaRegularizer: serializeObject(this.alphaRegularizer),
      alphaConstraint: serializeObject(this.alphaConstraint),
      sharedAxes: this.sharedAxes,
    };
  }
}

registerLayer(PReLU);
