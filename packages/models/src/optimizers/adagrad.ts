import * as tf from '@strata/core';
import { BaseOptimizer, type OptimizerArgs } from './base-optimizer.js';
import { requireNonNegative, requirePositive } from './validate.js';

export interface AdagradArgs extends OptimizerArgs {
  /** Default: `0.001`. */
  learningRate?: OptimizerArgs['learningRate'];
  /** Starting value of the accumulators. Default: `0.1`. */
  initialAccumulatorValue?: number;
  /** Default: `1e-7` (Keras's; fixed, where tfjs's AdagradOptimizer uses the backend's epsilon). */
  epsilon?: number;
}

/**
 * Adagrad (Keras `Adagrad`, name `'adagrad'`): `a ← a + g²`, `w ← w - lr·g / √(a + ε)`, with `a` starting at
 * `initialAccumulatorValue`.
 */
export class Adagrad extends BaseOptimizer {
  static override readonly className = 'Adagrad';
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;

  constructor(args: AdagradArgs = {}) {
    super(args, { learningRate: 0.001, name: 'adagrad' });
    const owner = `Optimizer '${this.name}'`;
    this.initialAccumulatorValue = requireNonNegative(
      owner,
      'initialAccumulatorValue',
      args.initialAccumulatorValue ?? 0.1,
    );
    this.epsilon = requirePositive(owner, 'epsilon', args.epsilon ?? 1e-7);
  }

  protected slotNames(): readonly string[] {
    return ['accumulator'];
  }

  protected override slotInitialValue(): number {
    return this.initialAccumulatorValue;
  }

  protected updateStep(g: tf.Tensor, w: tf.Variable, [accumulator]: tf.Variable[], lr: tf.Scalar): void {
    accumulator.assign(tf.add(accumulator, tf.square(g)));
    w.assign(tf.sub(w, tf.div(tf.mul(g, lr), tf.sqrt(tf.add(accumulator, this.epsilon)))));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      initialAccumulatorValue: this.initialAccumulatorValue,
      epsilon: this.epsilon,
    };
  }
}
