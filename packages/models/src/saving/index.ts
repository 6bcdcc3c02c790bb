// Saving and loading: weights (`saveWeights`/`loadWeights`, any model) and whole models (`saveModel`/`loadModel`,
// tfjs Layers format, Sequential/functional and registered subclassed models). See docs/saving.md.
export type { FileHandle, FileSystem } from './node-directory.js';
export { type LoadModelOptions, loadModel, type SaveModelOptions, saveModel } from './save-model.js';
export {
  GENERATED_BY,
  loadWeights,
  MODEL_FILE,
  type SaveWeightsOptions,
  saveWeights,
  WEIGHTS_FILE,
} from './save-weights.js';
export type { FileOptions, SaveTarget } from './targets.js';
export type { WeightNaming } from './weight-names.js';
export {
  LAYERS_FORMAT,
  type LoadWeightsOptions,
  type LoadWeightsResult,
  WEIGHTS_FORMAT,
} from './weights-io.js';
