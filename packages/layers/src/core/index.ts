export { Activation, type ActivationArgs } from './activation.js';
export { Dense, type DenseArgs } from './dense.js';
export { Dropout, type DropoutArgs } from './dropout.js';
export { Embedding, type EmbeddingArgs } from './embedding.js';
export {
  knownLastAxis,
  normalizeAxis,
  oneInput,
  oneShape,
  requireNumberIn,
  requirePositiveInt,
  serializeObject,
} from './layer-args.js';
export { Normalization, type NormalizationArgs } from './normalization.js';
export { Rescaling, type RescalingArgs } from './rescaling.js';
export { SpatialDropout1D, type SpatialDropout1DArgs } from './spatial-dropout-1d.js';
export { SpatialDropout2D, type SpatialDropout2DArgs } from './spatial-dropout-2d.js';
