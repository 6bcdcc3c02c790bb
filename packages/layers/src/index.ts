export { type CallContext, currentCallContext, withCallContext } from './call-context.js';
export * from './constraints/index.js';
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
export { resetLayerNames, toSnakeCase } from './naming.js';
export * from './regularizers/index.js';
export { deserializeLayer, getLayerClass, type LayerClass, registerLayer, serializeLayer } from './serialization.js';
export { isSymbolic, SymbolicTensor } from './symbolic-tensor.js';
export { type TrackedChild, trackedChildren } from './tracking.js';
