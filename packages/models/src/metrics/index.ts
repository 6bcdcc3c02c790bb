export { AUC, type AUCArgs } from './auc.js';
export { BinaryAccuracy, type BinaryAccuracyArgs, binaryAccuracy } from './binary-accuracy.js';
export { CategoricalAccuracy, categoricalAccuracy } from './categorical-accuracy.js';
export { type ConfusionCounts, confusionCounts, NEG_INF } from './confusion-matrix.js';
export {
  type GetMetricOptions,
  getMetric,
  METRIC_NAMES,
  type MetricIdentifier,
  type SerializedMetric,
} from './get-metric.js';
export { inTopK } from './in-top-k.js';
export { Mean } from './mean.js';
export { MeanAbsoluteError } from './mean-absolute-error.js';
export { MeanMetricWrapper, type MetricFn } from './mean-metric-wrapper.js';
export { MeanSquaredError } from './mean-squared-error.js';
export { Metric, type MetricArgs, type MetricDirection, type MetricUpdateArgs } from './metric.js';
export { Precision, type PrecisionRecallArgs } from './precision.js';
export { Recall } from './recall.js';
export { reduceToSamplewise } from './reduce-to-samplewise.js';
export { SparseCategoricalAccuracy, sparseCategoricalAccuracy } from './sparse-categorical-accuracy.js';
export {
  SparseTopKCategoricalAccuracy,
  sparseTopKCategoricalAccuracy,
} from './sparse-top-k-categorical-accuracy.js';
export {
  type TopKArgs,
  TopKCategoricalAccuracy,
  topKCategoricalAccuracy,
} from './top-k-categorical-accuracy.js';
