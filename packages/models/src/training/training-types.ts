import type * as tf from '@strata/core';

/** A model's input(s): one tensor, or one per input for a model with several inputs. */
export type ModelInputs = tf.Tensor | tf.Tensor[];
/** Targets: one tensor, or one per output for a model with several outputs. */
export type ModelTargets = tf.Tensor | tf.Tensor[];

/** What `trainStep` and `testStep` receive (Keras 3's `data`, with names): one batch. */
export interface StepData {
  x: ModelInputs;
  y?: ModelTargets;
  /** Per-sample weights, shape `[batch]`: one tensor for every output, or one per output. */
  sampleWeight?: tf.Tensor | tf.Tensor[];
}

/**
 * What a custom `trainStep`/`testStep` may return as its logs: values by name (scalar tensors or numbers). The
 * step runs inside `tf.tidy`, and tensors returned here are kept and disposed by `fit` once read. Returning
 * nothing means "the logs are the results of `model.metrics`" (the default steps do that).
 */
export type StepLogs = Record<string, tf.Tensor | number>;

/** Logs as callbacks see them: numbers by name (`loss`, `accuracy`, `val_loss`, ...). */
export type Logs = Record<string, number>;

/** One batch of a dataset: `{ xs, ys }` or `[xs, ys]` (a sample weight third or as `sampleWeight` is allowed). */
export type DatasetBatch =
  | { xs: ModelInputs | Record<string, tf.Tensor>; ys?: ModelTargets; sampleWeight?: tf.Tensor | tf.Tensor[] }
  | [ModelInputs, ModelTargets?, (tf.Tensor | tf.Tensor[])?]
  | tf.Tensor;

/** What `fit`, `evaluate` and `predict` accept as a dataset: `@strata/datasets`'s `Dataset`, or any async iterable. */
export type BatchSource = AsyncIterable<unknown> & { readonly size?: number | null };
