import { InvalidArgumentError, UnknownNameError } from '@strata/core';
import { BinaryCrossentropy } from './binary-crossentropy.js';
import { CategoricalCrossentropy } from './categorical-crossentropy.js';
import { CategoricalHinge } from './categorical-hinge.js';
import { CosineSimilarity } from './cosine-similarity.js';
import { Hinge } from './hinge.js';
import { Huber } from './huber.js';
import { KLDivergence } from './kl-divergence.js';
import { LogCosh } from './log-cosh.js';
import { Loss, type LossConfig, type LossFn, LossFunctionWrapper } from './loss.js';
import { MeanAbsoluteError } from './mean-absolute-error.js';
import { MeanAbsolutePercentageError } from './mean-absolute-percentage-error.js';
import { MeanSquaredError } from './mean-squared-error.js';
import { MeanSquaredLogarithmicError } from './mean-squared-logarithmic-error.js';
import { normalizeName } from './normalize-name.js';
import { Poisson } from './poisson.js';
import { SparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';
import { SquaredHinge } from './squared-hinge.js';

type LossClass = (new (config?: any) => Loss) & { readonly className: string };

// Keras 3 names first (what the error lists), then the short aliases Keras accepts.
const LOSSES: ReadonlyArray<[names: readonly string[], cls: LossClass]> = [
  [['mean_squared_error', 'mse'], MeanSquaredError],
  [['mean_absolute_error', 'mae'], MeanAbsoluteError],
  [['huber', 'huber_loss'], Huber],
  [['binary_crossentropy'], BinaryCrossentropy],
  [['categorical_crossentropy'], CategoricalCrossentropy],
  [['sparse_categorical_crossentropy'], SparseCategoricalCrossentropy],
  [['kl_divergence', 'kld', 'kullback_leibler_divergence'], KLDivergence],
  [['mean_absolute_percentage_error', 'mape'], MeanAbsolutePercentageError],
  [['mean_squared_logarithmic_error', 'msle'], MeanSquaredLogarithmicError],
  [['poisson'], Poisson],
  [['log_cosh', 'logcosh'], LogCosh],
  [['cosine_similarity'], CosineSimilarity],
  [['hinge'], Hinge],
  [['squared_hinge'], SquaredHinge],
  [['categorical_hinge'], CategoricalHinge],
];

const byName = new Map<string, LossClass>();
for (const [names, cls] of LOSSES) {
  for (const n of [...names, cls.className]) byName.set(normalizeName(n), cls);
}

/** Every loss name `getLoss` accepts (snake_case; camelCase and class names work too). */
export const LOSS_NAMES: readonly string[] = LOSSES.flatMap(([names]) => names);

/** A serialized loss: `{ className: 'CategoricalCrossentropy', config: { fromLogits: true } }`. */
export interface SerializedLoss {
  className: string;
  config?: Partial<LossConfig>;
}

/** What `compile({ loss })` and `getLoss` accept. */
export type LossIdentifier = string | Loss | LossFn | SerializedLoss;

/**
 * Resolves a loss the way Keras's `keras.losses.get` does:
 * - a name: `'mse'`, `'mean_squared_error'`, `'meanSquaredError'`, `'MeanSquaredError'`,
 *   `'categorical_crossentropy'`, ... (see `LOSS_NAMES`); unknown names throw `UnknownNameError` listing them;
 * - a `Loss` instance: returned as is;
 * - a function `(yTrue, yPred) => perSampleLoss`: wrapped in a `LossFunctionWrapper` named after the function;
 * - `{ className, config }` as `getConfig()` saved it.
 * @example getLoss('sparse_categorical_crossentropy').apply(labels, probs);
 */
export function getLoss(identifier: LossIdentifier): Loss {
  if (identifier instanceof Loss) return identifier;
  if (typeof identifier === 'function') return new LossFunctionWrapper(identifier);
  if (typeof identifier === 'string') return new (lossClass(identifier))();
  if (identifier !== null && typeof identifier === 'object' && typeof identifier.className === 'string') {
    return new (lossClass(identifier.className))(identifier.config ?? {});
  }
  throw new InvalidArgumentError(
    `getLoss() got ${identifier === null ? 'null' : typeof identifier}. Pass a loss name such as ` +
      `'categorical_crossentropy', a Loss instance, a function (yTrue, yPred) => Tensor, or { className, config }.`,
  );
}

function lossClass(name: string): LossClass {
  const cls = byName.get(normalizeName(name));
  if (cls === undefined) {
    throw new UnknownNameError(
      'loss',
      name,
      LOSS_NAMES,
      'For a custom loss, pass a function (yTrue, yPred) => Tensor or a Loss subclass instance.',
    );
  }
  return cls;
}
