export { BinaryCrossentropy, binaryCrossentropy, type CrossentropyOptions } from './binary-crossentropy.js';
export { CategoricalCrossentropy, categoricalCrossentropy } from './categorical-crossentropy.js';
export { CategoricalHinge, categoricalHinge } from './categorical-hinge.js';
export { CosineSimilarity, cosineSimilarity } from './cosine-similarity.js';
export { getLoss, LOSS_NAMES, type LossIdentifier, type SerializedLoss } from './get-loss.js';
export { Hinge, hinge } from './hinge.js';
export { Huber, type HuberArgs, huber } from './huber.js';
export { KLDivergence, klDivergence, kld, kullbackLeiblerDivergence } from './kl-divergence.js';
export { LogCosh, logCosh } from './log-cosh.js';
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
export { EPSILON, hingeLabels, squeezeOrExpandToSameRank } from './loss-utils.js';
export { MeanAbsoluteError, meanAbsoluteError } from './mean-absolute-error.js';
export {
  MeanAbsolutePercentageError,
  meanAbsolutePercentageError,
} from './mean-absolute-percentage-error.js';
export { MeanSquaredError, meanSquaredError } from './mean-squared-error.js';
export {
  MeanSquaredLogarithmicError,
  meanSquaredLogarithmicError,
} from './mean-squared-logarithmic-error.js';
export { normalizeName } from './normalize-name.js';
export { Poisson, poisson } from './poisson.js';
export {
  SparseCategoricalCrossentropy,
  type SparseCategoricalCrossentropyOptions,
  sparseCategoricalCrossentropy,
} from './sparse-categorical-crossentropy.js';
export { SquaredHinge, squaredHinge } from './squared-hinge.js';
