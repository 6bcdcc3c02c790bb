import { InvalidArgumentError, type Shape, UnknownNameError } from '@strata/core';
import { BinaryCrossentropy } from '../losses/binary-crossentropy.js';
import { CategoricalCrossentropy } from '../losses/categorical-crossentropy.js';
import { getLoss, LOSS_NAMES, type LossIdentifier } from '../losses/get-loss.js';
import type { Loss } from '../losses/loss.js';
import { normalizeName } from '../losses/normalize-name.js';
import { SparseCategoricalCrossentropy } from '../losses/sparse-categorical-crossentropy.js';
import { AUC } from './auc.js';
import { BinaryAccuracy } from './binary-accuracy.js';
import { CategoricalAccuracy } from './categorical-accuracy.js';
import { MeanAbsoluteError } from './mean-absolute-error.js';
import { MeanMetricWrapper, type MetricFn } from './mean-metric-wrapper.js';
import { MeanSquaredError } from './mean-squared-error.js';
import { Metric, type MetricArgs } from './metric.js';
import { Precision } from './precision.js';
import { Recall } from './recall.js';
import { SparseCategoricalAccuracy } from './sparse-categorical-accuracy.js';
import { SparseTopKCategoricalAccuracy } from './sparse-top-k-categorical-accuracy.js';
import { TopKCategoricalAccuracy } from './top-k-categorical-accuracy.js';

type MetricClass = (new (config?: any) => Metric) & { readonly className: string };

const METRICS: ReadonlyArray<[names: readonly string[], cls: MetricClass]> = [
  [['binary_accuracy'], BinaryAccuracy],
  [['categorical_accuracy'], CategoricalAccuracy],
  [['sparse_categorical_accuracy'], SparseCategoricalAccuracy],
  [['top_k_categorical_accuracy'], TopKCategoricalAccuracy],
  [['sparse_top_k_categorical_accuracy'], SparseTopKCategoricalAccuracy],
  [['precision'], Precision],
  [['recall'], Recall],
  [['auc'], AUC],
  [['mean_squared_error', 'mse'], MeanSquaredError],
  [['mean_absolute_error', 'mae'], MeanAbsoluteError],
];

const byName = new Map<string, MetricClass>();
for (const [names, cls] of METRICS) {
  for (const n of [...names, cls.className]) byName.set(normalizeName(n), cls);
}

/** Every metric name `getMetric` accepts (plus every loss name, which gives that loss's mean over the epoch). */
export const METRIC_NAMES: readonly string[] = [
  'accuracy',
  'acc',
  ...METRICS.flatMap(([names]) => names),
  ...LOSS_NAMES.filter((n) => !['mse', 'mae', 'mean_squared_error', 'mean_absolute_error'].includes(n)),
];

/** A serialized metric: `{ className: 'AUC', config: { numThresholds: 100 } }`. */
export interface SerializedMetric {
  className: string;
  config?: Record<string, unknown>;
}

/** What `compile({ metrics })` and `getMetric` accept. */
export type MetricIdentifier = string | Metric | MetricFn | SerializedMetric;

/** What `getMetric` may look at to pick the accuracy variant for `'accuracy'` / `'acc'`. */
export interface GetMetricOptions {
  /** The loss compiled for the same output. */
  loss?: LossIdentifier;
  /** Shape of the targets, e.g. `[null]` for integer labels (used when the loss does not decide). */
  yTrueShape?: Shape;
  /** Shape of the model's output, e.g. `[null, 10]` (used when the loss does not decide). */
  yPredShape?: Shape;
}

/**
 * Resolves a metric the way Keras's `compile(metrics=[...])` does. The metric's name (its key in the logs) is
 * the string given, so `getMetric('acc').name === 'acc'`.
 *
 * `'accuracy'` / `'acc'` pick a variant:
 * 1. from the loss (as Keras 2 and tfjs-layers do): binary crossentropy → `BinaryAccuracy`;
 *    sparse categorical crossentropy → `SparseCategoricalAccuracy`; categorical crossentropy →
 *    `CategoricalAccuracy`;
 * 2. otherwise from the shapes (as Keras 3 does): output last axis 1 → `BinaryAccuracy`; targets of lower rank
 *    than the output, or targets ending in 1 with more than one output unit → `SparseCategoricalAccuracy`;
 * 3. otherwise `CategoricalAccuracy`.
 *
 * Other strings: `'binary_accuracy'`, `'categorical_accuracy'`, `'sparse_categorical_accuracy'`,
 * `'top_k_categorical_accuracy'`, `'sparse_top_k_categorical_accuracy'`, `'precision'`, `'recall'`, `'auc'`,
 * `'mse'`, `'mae'` (camelCase and class names too), and any loss name, which tracks that loss's mean.
 * A `Metric` is returned as is; a function `(yTrue, yPred) => values` becomes a `MeanMetricWrapper` named after it.
 * @example getMetric('accuracy', { loss: 'sparse_categorical_crossentropy' }); // SparseCategoricalAccuracy 'accuracy'
 */
export function getMetric(identifier: MetricIdentifier, options: GetMetricOptions = {}): Metric {
  if (identifier instanceof Metric) return identifier;
  if (typeof identifier === 'function') return new MeanMetricWrapper(identifier);
  if (typeof identifier === 'string') return metricFromName(identifier, options);
  if (identifier !== null && typeof identifier === 'object' && typeof identifier.className === 'string') {
    const cls = byName.get(normalizeName(identifier.className));
    if (cls === undefined) throw unknownMetric(identifier.className);
    return new cls(identifier.config ?? {});
  }
  throw new InvalidArgumentError(
    `getMetric() got ${identifier === null ? 'null' : typeof identifier}. Pass a metric name such as 'accuracy', ` +
      `a Metric instance, a function (yTrue, yPred) => Tensor, or { className, config }.`,
  );
}

function metricFromName(name: string, options: GetMetricOptions): Metric {
  const args: MetricArgs = { name };
  const key = normalizeName(name);
  if (key === 'accuracy' || key === 'acc') return new (accuracyVariant(options))(args);
  const cls = byName.get(key);
  if (cls !== undefined) return new cls(args);
  let loss: Loss;
  try {
    loss = getLoss(name);
  } catch {
    throw unknownMetric(name);
  }
  return new MeanMetricWrapper((yTrue, yPred) => loss.call(yTrue, yPred), args, 'down');
}

function accuracyVariant({ loss, yTrueShape, yPredShape }: GetMetricOptions): MetricClass {
  let resolved: Loss | undefined;
  try {
    resolved = loss === undefined ? undefined : getLoss(loss);
  } catch {
    resolved = undefined; // An unknown loss is compile()'s error to report, not the metric's.
  }
  if (resolved instanceof BinaryCrossentropy) return BinaryAccuracy;
  if (resolved instanceof SparseCategoricalCrossentropy) return SparseCategoricalAccuracy;
  if (resolved instanceof CategoricalCrossentropy) return CategoricalAccuracy;
  if (yPredShape !== undefined && yPredShape.length > 0) {
    const predLast = yPredShape[yPredShape.length - 1];
    if (predLast === 1) return BinaryAccuracy;
    if (yTrueShape !== undefined) {
      const trueLast = yTrueShape[yTrueShape.length - 1];
      if (yTrueShape.length < yPredShape.length || (trueLast === 1 && predLast !== null && predLast > 1)) {
        return SparseCategoricalAccuracy;
      }
    }
  }
  return CategoricalAccuracy;
}

function unknownMetric(name: string): UnknownNameError {
  return new UnknownNameError(
    'metric',
    name,
    METRIC_NAMES,
    'For a custom metric, pass a function (yTrue, yPred) => Tensor or a Metric subclass instance.',
  );
}
