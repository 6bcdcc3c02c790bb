import type * as tf from '@strata/core';

/**
 * What callbacks may see and do to the model being trained; the only coupling between callbacks and the model.
 * `Model` implements it; tests implement it with a small fake.
 */
export interface CallbackModel {
  /** Set to `true` to end `fit()` after the current epoch (EarlyStopping) or batch (TerminateOnNaN). */
  stopTraining: boolean;
  /** The optimizer; callbacks read and set its learning rate between steps. */
  optimizer?: { learningRate: number };
  /** Copies of the model's weights, in a fixed order; the caller owns (and disposes) them, as `Layer.getWeights`. */
  getWeights(): tf.Tensor[];
  /** Replaces the model's weights (same order and shapes as `getWeights()`). */
  setWeights(ws: tf.Tensor[]): void;
  saveWeights(path: string): Promise<void>;
  save?(path: string): Promise<void>;
  name: string;
}
