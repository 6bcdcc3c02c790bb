export { BinaryCrossentropy, binaryCrossentropy, type CrossentropyOptions } from './binary-crossentropy.js';
export { CategoricalCrossentropy, categoricalCrossentropy } from './categorical-crossentropy.js';
export { getLoss, LOSS_NAMES, type LossIdentifier, type SerializedLoss } from './get-loss.js';
export { Huber, type HuberArgs, huber } from './huber.js';
export { KLDivergence, klDivergence, kld, kullbackLeiblerDivergence } from './kl-divergence.js';
export {
  Loss,
  type LossArgs,
  type LossConfig,
  type LossFn,
  LossFunctionWrapper,
  type Reduction,
  reduceWeightedValues,
  withRankMatching,
} from './loss.js';
export { EPSILON, squeezeOrExpandToSameRank } from './loss-utils.js';
export { MeanAbsoluteError, meanAbsoluteError } from './mean-absolute-error.js';
export { MeanSquaredError, meanSquaredError } from './mean-squared-error.js';
export { normalizeName } from './normalize-name.js';
export {
  SparseCategoricalCrossentropy,
  type SparseCategoricalCrossentropyOptions,
  sparseCategoricalCrossentropy,
} from './sparse-categorical-crossentropy.js';
