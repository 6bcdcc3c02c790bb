// Models: subclassing, Sequential and functional models, summary().

export * from './functional/index.js';
export { Input, type InputArgs, InputLayer, type InputLayerArgs } from './input.js';
// Losses, metrics and optimizers, flat (`new Adam()`) and as namespaces like Keras (`metrics.MeanSquaredError`).
// Losses and metrics share two class names; flat, the loss wins (the metric is `metrics.MeanSquaredError`).
export * from './losses/index.js';
export * as losses from './losses/index.js';
export { MeanAbsoluteError, MeanSquaredError } from './losses/index.js';
export * from './metrics/index.js';
export * as metrics from './metrics/index.js';
export { type FunctionalModelArgs, Model, type ModelArgs } from './model.js';
export * from './optimizers/index.js';
export * as optimizers from './optimizers/index.js';
export { Sequential, type SequentialArgs, type SequentialConfig, type SequentialItem } from './sequential.js';
export { formatSummary, type SummaryEntry, type SummaryOptions } from './summary/summary.js';
