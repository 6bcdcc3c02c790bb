import * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import { squeezeOrExpandToSameRank, toFloat } from './loss-utils.js';

/**
 * How `Loss.apply` reduces the per-sample losses to what it returns (Keras 3 names):
 * - `'sum_over_batch_size'` (default, alias `'mean'`): sum of weighted losses / number of loss elements.
 * - `'mean_with_sample_weight'`: sum of weighted losses / sum of the weights.
 * - `'sum'`: sum of weighted losses.
 * - `'none'`: the weighted per-sample losses, unreduced.
 */
export type Reduction = 'sum_over_batch_size' | 'mean' | 'mean_with_sample_weight' | 'sum' | 'none';

const REDUCTIONS: readonly Reduction[] = [
  'sum_over_batch_size',
  'mean',
  'mean_with_sample_weight',
  'sum',
  'none',
];

/** Options every loss takes. */
export interface LossArgs {
  /** Name shown in errors and saved in configs. Default: the Keras snake_case name, e.g. `'mean_squared_error'`. */
  name?: string;
  /** Default: `'sum_over_batch_size'`. */
  reduction?: Reduction;
}

/** A per-sample loss function: `(yTrue, yPred) => losses` with the last axis reduced. */
export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** Serialized form of a loss, as `getConfig()` returns and `getLoss()` accepts. */
export interface LossConfig {
  name: string;
  reduction: Reduction;
  [option: string]: unknown;
}

/**
 * Base class of every loss (Keras 3 `keras.losses.Loss`). Subclasses implement `call`, which returns one loss
 * value per sample (the input shape without its last axis: `[batch]` for `[batch, classes]`); `apply` weights
 * and reduces those, normally to a scalar.
 *
 * @example
 * class MyLoss extends Loss {
 *   call(yTrue: Tensor, yPred: Tensor) { return tf.mean(tf.abs(tf.sub(yTrue, yPred)), -1); }
 * }
 */
export abstract class Loss {
  // Minifiers rename classes; serialization needs a stable name.
  static readonly className: string = 'Loss';
  readonly name: string;
  readonly reduction: Reduction;

  constructor(args: LossArgs = {}, defaultName = 'loss') {
    const reduction = args.reduction ?? 'sum_over_batch_size';
    if (!REDUCTIONS.includes(reduction)) {
      throw new InvalidArgumentError(
        `Loss '${args.name ?? defaultName}' got reduction '${reduction}'. ` +
          `Use one of ${REDUCTIONS.map((r) => `'${r}'`).join(', ')}.`,
      );
    }
    this.name = args.name ?? defaultName;
    this.reduction = reduction;
  }

  /** Per-sample losses, shape `yPred.shape` without its last axis (`[batch]` for `[batch, classes]`). */
  abstract call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor;

  /**
   * The loss as training uses it: `call`, times `sampleWeight` if given (broadcast against the per-sample
   * losses, e.g. shape `[batch]` or `[batch, 1]`), reduced by `this.reduction` (a scalar unless `'none'`).
   */
  apply(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): tf.Tensor {
    return tf.tidy(() => reduceWeightedValues(this.call(yTrue, yPred), sampleWeight, this.reduction));
  }

  /** The options this loss was built with (camelCase), for saving. */
  getConfig(): LossConfig {
    return { name: this.name, reduction: this.reduction };
  }

  /** The registered class name (stable under minification). */
  getClassName(): string {
    return (this.constructor as typeof Loss).className;
  }
}

/** Keras's `reduce_weighted_values`: multiply by the weights, then reduce. */
export function reduceWeightedValues(
  values: tf.Tensor,
  sampleWeight: tf.Tensor | undefined,
  reduction: Reduction,
): tf.Tensor {
  return tf.tidy(() => {
    let weighted = toFloat(values);
    let weights: tf.Tensor | undefined;
    if (sampleWeight !== undefined) {
      [weighted, weights] = squeezeOrExpandToSameRank(weighted, toFloat(sampleWeight));
      // Weights of shape [batch] against losses of shape [batch, steps]: align on the leading axes.
      while (weights.rank < weighted.rank) weights = tf.expandDims(weights, -1);
      weighted = tf.mul(weighted, weights);
    }
    if (reduction === 'none' || weighted.rank === 0) return weighted;
    const total = tf.sum(weighted);
    if (reduction === 'sum') return total;
    if (reduction === 'mean_with_sample_weight' && weights !== undefined) {
      const weightSum = tf.sum(tf.mul(tf.onesLike(weighted), weights));
      // divide_no_nan without tf.divNoNan, whose gradient needs one for Equal (tfjs has none). The weights do
      // not depend on the model, so this `where` is off the gradient path.
      return tf.div(total, tf.where(tf.equal(weightSum, 0), tf.onesLike(weightSum), weightSum));
    }
    return weighted.size === 0 ? tf.zerosLike(total) : tf.div(total, weighted.size);
  });
}

/**
 * Turns a plain per-sample function into a `Loss` (Keras's `LossFunctionWrapper`). `yTrue` and `yPred` first go
 * through Keras's rank matching (labels `[batch]` meet predictions `[batch, 1]` as `[batch, 1]`).
 */
export class LossFunctionWrapper extends Loss {
  static override readonly className: string = 'LossFunctionWrapper';
  readonly fn: LossFn;

  constructor(fn: LossFn, args: LossArgs = {}) {
    super(args, fn.name || 'loss');
    this.fn = fn;
  }

  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return withRankMatching(this.fn)(yTrue, yPred);
  }
}

/** `fn` preceded by Keras's rank matching of `yTrue` and `yPred` (see `squeezeOrExpandToSameRank`). */
export function withRankMatching(fn: LossFn): LossFn {
  return (yTrue, yPred) =>
    tf.tidy(() => {
      const [t, p] = squeezeOrExpandToSameRank(yTrue, yPred);
      return fn(t, p);
    });
}
