// Built-in layers, one family per folder.
export * from './activations/index.js';
export * from './attention/index.js';
export { type CallContext, currentCallContext, withCallContext } from './call-context.js';
export * from './constraints/index.js';
export * from './convolutional/index.js';
export * from './core/index.js';
export * from './initializers/index.js';
export type { InputSpec } from './input-spec.js';
export {
  type AddWeightOptions,
  type CallArgs,
  isLayer,
  Layer,
  type LayerArgs,
  type LayerInput,
  type LayerOutput,
  type WeightInfo,
} from './layer.js';
export * from './merging/index.js';
export { resetLayerNames, toSnakeCase } from './naming.js';
export * from './normalization/index.js';
export * from './pooling/index.js';
export * from './recurrent/index.js';
export * from './regularizers/index.js';
export * from './reshaping/index.js';
export {
  deserializeLayer,
  getLayerClass,
  type LayerClass,
  registerLayer,
  serializeLayer,
} from './serialization.js';
export { isSymbolic, SymbolicTensor } from './symbolic-tensor.js';
export { type TrackedChild, trackedChildren } from './tracking.js';
