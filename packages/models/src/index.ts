// @strata/models: subclassed, Sequential and functional models and summary(); training (compile, fit, evaluate,
// predict) and callbacks; losses, metrics and optimizers, both flat (`new Adam()`) and as Keras-style namespaces
// (`metrics.MeanSquaredError`). Losses and metrics share two class names: flat, the loss wins. Training and callbacks
// both define `Logs` (numbers by name): it is exported once.

export type { Logs } from './callbacks/index.js';
export * from './callbacks/index.js';
export * as callbacks from './callbacks/index.js';
export * from './functional/index.js';
export { Input, type InputArgs, InputLayer, type InputLayerArgs } from './input.js';
export * from './losses/index.js';
export * as losses from './losses/index.js';
export { MeanAbsoluteError, MeanSquaredError } from './losses/index.js';
export * from './metrics/index.js';
export * as metrics from './metrics/index.js';
export { type FunctionalModelArgs, Model, type ModelArgs } from './model.js';
export * from './optimizers/index.js';
export * as optimizers from './optimizers/index.js';
export * from './saving/index.js';
export { Sequential, type SequentialArgs, type SequentialConfig, type SequentialItem } from './sequential.js';
export { formatSummary, type SummaryEntry, type SummaryOptions } from './summary/summary.js';
export * from './training/index.js';
