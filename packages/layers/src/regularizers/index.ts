import * as tf from '@strata/core';
import { InvalidArgumentError, UnknownNameError } from '@strata/core';

/** Adds a penalty on a weight to the loss. */
export abstract class Regularizer {
  static readonly className: string = 'Regularizer';
  abstract apply(weight: tf.Tensor): tf.Scalar;
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** `l1 · Σ|w| + l2 · Σw²`. Defaults (Keras): 0.01 for a factor given by name, 0 otherwise. */
export class L1L2 extends Regularizer {
  static override readonly className = 'L1L2';
  readonly l1: number;
  readonly l2: number;
  constructor(args: { l1?: number; l2?: number } = {}) {
    super();
    this.l1 = checkFactor('l1', args.l1 ?? 0);
    this.l2 = checkFactor('l2', args.l2 ?? 0);
  }
  apply(weight: tf.Tensor): tf.Scalar {
    return tf.tidy(() => {
      let penalty: tf.Tensor = tf.scalar(0);
      if (this.l1) penalty = penalty.add(tf.abs(weight).sum().mul(this.l1));
      if (this.l2) penalty = penalty.add(tf.square(weight).sum().mul(this.l2));
      return penalty as tf.Scalar;
    });
  }
  override getConfig() {
    return { l1: this.l1, l2: this.l2 };
  }
}

function checkFactor(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(`Regularizer factor ${name} must be a finite number >= 0, got ${value}.`);
  }
  return value;
}

/** L1 penalty `l1 · Σ|w|` (default 0.01). */
export const l1 = (args: { l1?: number } = {}) => new L1L2({ l1: args.l1 ?? 0.01 });
/** L2 penalty `l2 · Σw²` (default 0.01). */
export const l2 = (args: { l2?: number } = {}) => new L1L2({ l2: args.l2 ?? 0.01 });
/** Both penalties (defaults 0.01 each). */
export const l1l2 = (args: { l1?: number; l2?: number } = {}) =>
  new L1L2({ l1: args.l1 ?? 0.01, l2: args.l2 ?? 0.01 });

const byName: Record<string, () => Regularizer> = { l1: () => l1(), l2: () => l2(), l1l2: () => l1l2() };

export type RegularizerIdentifier =
  | 'l1'
  | 'l2'
  | 'l1l2'
  | 'l1_l2'
  | Regularizer
  | { className: string; config?: Record<string, unknown> };

/** Resolves `'l2'`, a serialized `{ className: 'L1L2', config }` or an instance. */
export function getRegularizer(identifier: RegularizerIdentifier): Regularizer {
  if (identifier instanceof Regularizer) return identifier;
  if (typeof identifier === 'string') {
    const make = byName[identifier.replace(/_/g, '').toLowerCase()];
    if (make) return make();
  } else if (identifier && identifier.className === 'L1L2') {
    return new L1L2(identifier.config as { l1?: number; l2?: number });
  }
  const name = typeof identifier === 'string' ? identifier : String(identifier?.className);
  throw new UnknownNameError('regularizer', name, ['l1', 'l2', 'l1l2']);
}
