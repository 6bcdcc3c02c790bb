import * as tf from '@strata/core';
import { UnknownNameError } from '@strata/core';

/** Projects a weight back into an allowed set after each optimizer step. */
export abstract class Constraint {
  static readonly className: string = 'Constraint';
  abstract apply(weight: tf.Tensor): tf.Tensor;
  getConfig(): Record<string, unknown> {
    return {};
  }
}

// Keras's epsilon, so an all-zero slice divides to zero instead of NaN.
const EPSILON = 1e-7;

const norms = (w: tf.Tensor, axis: number | number[]) => tf.sqrt(tf.sum(tf.square(w), axis, true));

/** Rescales each slice along `axis` whose L2 norm exceeds `maxValue` (default 2) down to it. */
export class MaxNorm extends Constraint {
  static override readonly className = 'MaxNorm';
  readonly maxValue: number;
  readonly axis: number | number[];
  constructor(args: { maxValue?: number; axis?: number | number[] } = {}) {
    super();
    this.maxValue = args.maxValue ?? 2;
    this.axis = args.axis ?? 0;
  }
  apply(w: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const n = norms(w, this.axis);
      const desired = tf.clipByValue(n, 0, this.maxValue);
      return w.mul(desired.div(n.add(EPSILON)));
    });
  }
  override getConfig() {
    return { maxValue: this.maxValue, axis: this.axis };
  }
}

/** Sets negative weights to zero. */
export class NonNeg extends Constraint {
  static override readonly className = 'NonNeg';
  apply(w: tf.Tensor): tf.Tensor {
    return tf.relu(w);
  }
}

/** Scales each slice along `axis` (default 0) to unit L2 norm. */
export class UnitNorm extends Constraint {
  static override readonly className = 'UnitNorm';
  readonly axis: number | number[];
  constructor(args: { axis?: number | number[] } = {}) {
    super();
    this.axis = args.axis ?? 0;
  }
  apply(w: tf.Tensor): tf.Tensor {
    return tf.tidy(() => w.div(norms(w, this.axis).add(EPSILON)));
  }
  override getConfig() {
    return { axis: this.axis };
  }
}

/**
 * Keeps each slice's L2 norm in [minValue, maxValue], moving it there at `rate` (1 = all the way).
 * Defaults (Keras): minValue 0, maxValue 1, rate 1, axis 0.
 */
export class MinMaxNorm extends Constraint {
  static override readonly className = 'MinMaxNorm';
  readonly minValue: number;
  readonly maxValue: number;
  readonly rate: number;
  readonly axis: number | number[];
  constructor(args: { minValue?: number; maxValue?: number; rate?: number; axis?: number | number[] } = {}) {
    super();
    this.minValue = args.minValue ?? 0;
    this.maxValue = args.maxValue ?? 1;
    this.rate = args.rate ?? 1;
    this.axis = args.axis ?? 0;
  }
  apply(w: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const n = norms(w, this.axis);
      const desired = tf
        .clipByValue(n, this.minValue, this.maxValue)
        .mul(this.rate)
        .add(n.mul(1 - this.rate));
      return w.mul(desired.div(n.add(EPSILON)));
    });
  }
  override getConfig() {
    return { minValue: this.minValue, maxValue: this.maxValue, rate: this.rate, axis: this.axis };
  }
}

export const maxNorm = (args?: ConstructorParameters<typeof MaxNorm>[0]) => new MaxNorm(args);
export const nonNeg = () => new NonNeg();
export const unitNorm = (args?: ConstructorParameters<typeof UnitNorm>[0]) => new UnitNorm(args);
export const minMaxNorm = (args?: ConstructorParameters<typeof MinMaxNorm>[0]) => new MinMaxNorm(args);

const classes: Record<string, new (config?: any) => Constraint> = {
  maxNorm: MaxNorm,
  nonNeg: NonNeg,
  unitNorm: UnitNorm,
  minMaxNorm: MinMaxNorm,
};
const lookup = new Map(Object.entries(classes).map(([k, v]) => [k.toLowerCase(), v]));

export type ConstraintIdentifier =
  | 'maxNorm'
  | 'nonNeg'
  | 'unitNorm'
  | 'minMaxNorm'
  | (string & {})
  | Constraint
  | { className: string; config?: Record<string, unknown> };

/** Resolves `'nonNeg'`/`'non_neg'`, a serialized `{ className, config }` or an instance. */
export function getConstraint(identifier: ConstraintIdentifier): Constraint {
  if (identifier instanceof Constraint) return identifier;
  const name = typeof identifier === 'string' ? identifier : identifier?.className;
  const cls = typeof name === 'string' ? lookup.get(name.replace(/_/g, '').toLowerCase()) : undefined;
  if (!cls) throw new UnknownNameError('constraint', String(name), Object.keys(classes));
  return new cls(typeof identifier === 'string' ? undefined : identifier.config);
}
