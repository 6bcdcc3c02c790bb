import { UnknownNameError } from '@strata/core';
import { Constant, Ones, Zeros } from './constant.js';
import { Initializer } from './initializer.js';
import { Orthogonal } from './orthogonal.js';
import { RandomNormal, RandomUniform, TruncatedNormal } from './random.js';
import {
  GlorotNormal,
  GlorotUniform,
  HeNormal,
  HeUniform,
  LecunNormal,
  LecunUniform,
  VarianceScaling,
} from './variance-scaling.js';

export { Constant, Ones, Zeros } from './constant.js';
export { computeFans, Initializer } from './initializer.js';
export { Orthogonal } from './orthogonal.js';
export { RandomNormal, RandomUniform, TruncatedNormal } from './random.js';
export {
  GlorotNormal,
  GlorotUniform,
  HeNormal,
  HeUniform,
  LecunNormal,
  LecunUniform,
  VarianceScaling,
} from './variance-scaling.js';

type InitializerClass = new (config?: any) => Initializer;

const byName: Record<string, InitializerClass> = {
  zeros: Zeros,
  ones: Ones,
  constant: Constant,
  randomNormal: RandomNormal,
  randomUniform: RandomUniform,
  truncatedNormal: TruncatedNormal,
  varianceScaling: VarianceScaling,
  glorotUniform: GlorotUniform,
  glorotNormal: GlorotNormal,
  heUniform: HeUniform,
  heNormal: HeNormal,
  lecunUniform: LecunUniform,
  lecunNormal: LecunNormal,
  orthogonal: Orthogonal,
};

/** Accepted spellings: `'glorotUniform'`, `'glorot_uniform'`, `'GlorotUniform'`. */
export type InitializerName = keyof typeof byName | (string & {});
export type InitializerIdentifier =
  | InitializerName
  | Initializer
  | { className: string; config?: Record<string, unknown> };

const normalize = (name: string) => name.replace(/_/g, '').toLowerCase();
const lookup = new Map(Object.entries(byName).map(([name, cls]) => [normalize(name), cls]));

/** Resolves a name, a serialized `{ className, config }` or an instance to an Initializer. */
export function getInitializer(identifier: InitializerIdentifier): Initializer {
  if (identifier instanceof Initializer) return identifier;
  const name = typeof identifier === 'string' ? identifier : identifier?.className;
  const cls = typeof name === 'string' ? lookup.get(normalize(name)) : undefined;
  if (!cls) {
    throw new UnknownNameError('initializer', String(name ?? identifier), Object.keys(byName));
  }
  return new cls(typeof identifier === 'string' ? undefined : identifier.config);
}

/** The `{ className, config }` form that `getInitializer` and the tfjs Layers format read back. */
export function serializeInitializer(initializer: Initializer) {
  return {
    className: (initializer.constructor as typeof Initializer).className,
    config: initializer.getConfig(),
  };
}
