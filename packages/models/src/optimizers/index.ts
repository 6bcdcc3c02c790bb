export { Adadelta, type AdadeltaArgs } from './adadelta.js';
export { Adagrad, type AdagradArgs } from './adagrad.js';
export { Adam, type AdamArgs } from './adam.js';
export { Adamax, type AdamaxArgs } from './adamax.js';
export { AdamW, type AdamWArgs } from './adamw.js';
export {
  BaseOptimizer,
  type LearningRateConfig,
  type NamedTensor,
  type OptimizerArgs,
} from './base-optimizer.js';
export { CosineDecay, type CosineDecayArgs } from './cosine-decay.js';
export { ExponentialDecay, type ExponentialDecayArgs } from './exponential-decay.js';
export {
  getOptimizer,
  getSchedule,
  OPTIMIZER_NAMES,
  type OptimizerIdentifier,
  type SerializedOptimizer,
} from './get-optimizer.js';
export { LearningRateSchedule } from './learning-rate-schedule.js';
export { Nadam, type NadamArgs } from './nadam.js';
export { PiecewiseConstantDecay, type PiecewiseConstantDecayArgs } from './piecewise-constant-decay.js';
export { RMSprop, type RMSpropArgs } from './rmsprop.js';
export { SGD, type SGDArgs } from './sgd.js';
