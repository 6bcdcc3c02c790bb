import * as tf from '@strata/core';
import { InvalidArgumentError, UnknownNameError } from '@strata/core';
import { normalizeName } from '../losses/normalize-name.js';
import { Adadelta } from './adadelta.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { Adamax } from './adamax.js';
import { AdamW } from './adamw.js';
import type { BaseOptimizer, LearningRateConfig } from './base-optimizer.js';
import { CosineDecay } from './cosine-decay.js';
import { ExponentialDecay } from './exponential-decay.js';
import type { LearningRateSchedule } from './learning-rate-schedule.js';
import { Nadam } from './nadam.js';
import { PiecewiseConstantDecay } from './piecewise-constant-decay.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

type OptimizerClass = (new (config?: any) => BaseOptimizer) & { readonly className: string };

const OPTIMIZERS: ReadonlyArray<[name: string, cls: OptimizerClass]> = [
  ['sgd', SGD],
  ['adam', Adam],
  ['adamw', AdamW],
  ['rmsprop', RMSprop],
  ['adagrad', Adagrad],
  ['adadelta', Adadelta],
  ['adamax', Adamax],
  ['nadam', Nadam],
];
const byName = new Map(OPTIMIZERS.map(([name, cls]) => [normalizeName(name), cls]));

const SCHEDULES: ReadonlyArray<(new (config: any) => LearningRateSchedule) & { readonly className: string }> =
  [ExponentialDecay, CosineDecay, PiecewiseConstantDecay];

/** Every optimizer name `getOptimizer` accepts (any case). */
export const OPTIMIZER_NAMES: readonly string[] = OPTIMIZERS.map(([name]) => name);

/** A serialized optimizer: `{ className: 'Adam', config: optimizer.getConfig() }`. */
export interface SerializedOptimizer {
  className: string;
  config?: tf.serialization.ConfigDict;
}

/** What `compile({ optimizer })` and `getOptimizer` accept. */
export type OptimizerIdentifier = string | tf.Optimizer | SerializedOptimizer;

/**
 * Resolves an optimizer the way Keras's `keras.optimizers.get` does: a name (`'sgd'`, `'adam'`, `'adamw'`,
 * `'rmsprop'`, `'adagrad'`, `'adadelta'`, `'adamax'`, `'nadam'`, any case) gives that optimizer with Keras's
 * defaults; an optimizer instance (ours, or any `tf.Optimizer`) is returned as is; `{ className, config }`
 * (from `getConfig()`, schedules included) is rebuilt. Unknown names throw `UnknownNameError` listing the valid ones.
 * @example getOptimizer('adam').learningRate; // 0.001
 */
export function getOptimizer(identifier: OptimizerIdentifier): tf.Optimizer {
  if (identifier instanceof tf.Optimizer) return identifier;
  if (typeof identifier === 'string') return new (optimizerClass(identifier))();
  if (identifier !== null && typeof identifier === 'object' && typeof identifier.className === 'string') {
    const cls = optimizerClass(identifier.className);
    const config = { ...(identifier.config ?? {}) };
    if (config.learningRate != null && typeof config.learningRate === 'object') {
      config.learningRate = getSchedule(config.learningRate as LearningRateConfig) as never;
    }
    return new cls(config);
  }
  throw new InvalidArgumentError(
    `getOptimizer() got ${identifier === null ? 'null' : typeof identifier}. Pass a name such as 'adam', an ` +
      `optimizer instance, or { className, config }.`,
  );
}

/** Rebuilds a learning-rate schedule from `{ className, config }` (a number passes through). */
export function getSchedule(config: LearningRateConfig): number | LearningRateSchedule {
  if (typeof config === 'number') return config;
  const cls = SCHEDULES.find((s) => normalizeName(s.className) === normalizeName(config.className));
  if (cls === undefined) {
    throw new UnknownNameError(
      'learning rate schedule',
      config.className,
      SCHEDULES.map((s) => s.className),
    );
  }
  return new cls(config.config);
}

function optimizerClass(name: string): OptimizerClass {
  const cls = byName.get(normalizeName(name));
  if (cls === undefined) {
    throw new UnknownNameError(
      'optimizer',
      name,
      OPTIMIZER_NAMES,
      'For custom settings pass an instance, e.g. new Adam({ learningRate: 1e-4 }).',
    );
  }
  return cls;
}
