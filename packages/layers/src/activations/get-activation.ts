import * as tf from '@strata/core';
import { InvalidArgumentError, UnknownNameError } from '@strata/core';
import * as fn from './functions.js';

/** An element-wise activation: a tensor in, a tensor of the same shape out. */
export type ActivationFn = (x: tf.Tensor) => tf.Tensor;

/** Activation functions tfjs's fused kernels (`tf.fused.matMul`, `tf.fused.conv2d`) apply in the same pass. */
export type FusedActivation = 'linear' | 'relu' | 'relu6' | 'elu' | 'prelu' | 'leakyrelu' | 'sigmoid';

interface Entry {
  fn: ActivationFn;
  /** The name `getConfig` writes: tfjs-layers's own where it has the function, so saved models load there. */
  serialized: string;
  fused?: FusedActivation;
}

const builtIn = {
  linear: { fn: fn.linear, serialized: 'linear', fused: 'linear' },
  relu: { fn: fn.relu, serialized: 'relu', fused: 'relu' },
  relu6: { fn: fn.relu6, serialized: 'relu6', fused: 'relu6' },
  elu: { fn: fn.elu, serialized: 'elu', fused: 'elu' },
  selu: { fn: fn.selu, serialized: 'selu' },
  sigmoid: { fn: fn.sigmoid, serialized: 'sigmoid', fused: 'sigmoid' },
  hardSigmoid: { fn: fn.hardSigmoid, serialized: 'hardSigmoid' },
  tanh: { fn: fn.tanh, serialized: 'tanh' },
  softmax: { fn: fn.softmax, serialized: 'softmax' },
  logSoftmax: { fn: fn.logSoftmax, serialized: 'logSoftmax' },
  softplus: { fn: fn.softplus, serialized: 'softplus' },
  softsign: { fn: fn.softsign, serialized: 'softsign' },
  swish: { fn: fn.swish, serialized: 'swish' },
  // Keras 3's name for swish; tfjs-layers only knows 'swish', so that is what gets saved.
  silu: { fn: fn.swish, serialized: 'swish' },
  gelu: { fn: fn.gelu, serialized: 'gelu' },
  // tfjs-layers registers the tanh approximation as 'gelu_new'.
  geluNew: { fn: fn.geluApproximate, serialized: 'gelu_new' },
  mish: { fn: fn.mish, serialized: 'mish' },
  // The fused kernel's leakyreluAlpha defaults to 0.2, the same slope as fn.leakyRelu.
  leakyRelu: { fn: fn.leakyRelu, serialized: 'leakyRelu', fused: 'leakyrelu' },
  exponential: { fn: fn.exponential, serialized: 'exponential' },
} satisfies Record<string, Entry>;

/** Names of the built-in activations (snake_case spellings such as `'leaky_relu'` work too). */
export type ActivationName = keyof typeof builtIn;

/** A built-in name, a name given to `registerActivation`, or a function. Default everywhere: `'linear'`. */
export type ActivationIdentifier = ActivationName | (string & {}) | ActivationFn;

const normalize = (name: string) => name.replace(/_/g, '').toLowerCase();
const byKey = new Map<string, Entry & { name: string }>(
  Object.entries(builtIn).map(([name, entry]) => [normalize(name), { ...entry, name }]),
);
const custom = new Map<string, { name: string; fn: ActivationFn }>();

/**
 * Makes a function usable by name (`activation: 'myAct'`), also when a saved model naming it is loaded.
 * @example registerActivation('squareplus', (x) => tf.tidy(() => x.add(x.square().add(4).sqrt()).div(2)));
 */
export function registerActivation(name: string, activation: ActivationFn): void {
  if (typeof name !== 'string' || name === '' || typeof activation !== 'function') {
    throw new InvalidArgumentError(
      `registerActivation expects a non-empty name and a function, got ${typeof name} ${JSON.stringify(name)} ` +
        `and ${typeof activation}.`,
    );
  }
  if (byKey.has(normalize(name))) {
    throw new InvalidArgumentError(
      `registerActivation: '${name}' is a built-in activation; choose another name.`,
    );
  }
  custom.set(normalize(name), { name, fn: activation });
}

function lookup(name: string): {
  name: string;
  fn: ActivationFn;
  serialized?: string;
  fused?: FusedActivation;
} {
  const entry = byKey.get(normalize(name)) ?? custom.get(normalize(name));
  if (!entry) {
    throw new UnknownNameError(
      'activation',
      name,
      [...Object.keys(builtIn), ...[...custom.values()].map((c) => c.name)],
      'Pass a function, or make yours known with registerActivation(name, fn).',
    );
  }
  return entry;
}

/**
 * Resolves an activation given by name (`'relu'`, `'leaky_relu'`, `'hardSigmoid'`) or as a function.
 * Throws an UnknownNameError listing the valid names.
 * @example getActivation('gelu')(tf.tensor([-1, 0, 1])); // [-0.1587, 0, 0.8413]
 */
export function getActivation(identifier: ActivationIdentifier = 'linear'): ActivationFn {
  if (typeof identifier === 'function') return identifier;
  if (typeof identifier !== 'string') {
    throw new InvalidArgumentError(
      `An activation must be a name such as 'relu' or a function (x) => tensor, got ${describe(identifier)}.`,
    );
  }
  return lookup(identifier).fn;
}

/** The canonical camelCase name of a built-in or registered activation (`'leaky_relu'` → `'leakyRelu'`). */
export function activationName(identifier: ActivationIdentifier = 'linear'): string {
  if (typeof identifier === 'function') {
    for (const c of custom.values()) if (c.fn === identifier) return c.name;
    for (const [name, entry] of Object.entries(builtIn)) if (entry.fn === identifier) return name;
    return identifier.name || 'anonymous';
  }
  return lookup(String(identifier)).name;
}

/**
 * The name a layer's `getConfig` stores: tfjs-layers's spelling for the functions it has (`'hardSigmoid'`,
 * `'swish'` for silu, `'gelu_new'`), the registered name for a registered function. An unregistered function is
 * stored under its JavaScript name; loading it then needs `registerActivation(thatName, fn)`.
 */
export function serializeActivation(identifier: ActivationIdentifier = 'linear'): string {
  if (typeof identifier === 'function') return activationName(identifier);
  const entry = lookup(identifier);
  return entry.serialized ?? entry.name;
}

/**
 * The tfjs fused-kernel activation matching this one, or `undefined` when it has none (then apply it after the
 * kernel). With `differentiable: true`, only activations whose fused gradient tfjs 4.22 implements ('linear',
 * 'relu'): the others throw "Cannot compute gradient for fused activation" under `tf.grads`.
 */
export function fusableActivation(
  identifier: ActivationIdentifier = 'linear',
  options: { differentiable?: boolean } = {},
): FusedActivation | undefined {
  if (typeof identifier === 'function') {
    const match = Object.values(builtIn).find((e) => e.fn === identifier) as Entry | undefined;
    return match?.fused && (!options.differentiable || hasFusedGradient(match.fused))
      ? match.fused
      : undefined;
  }
  const fused = byKey.get(normalize(String(identifier)))?.fused;
  if (!fused) return undefined;
  return !options.differentiable || hasFusedGradient(fused) ? fused : undefined;
}

const hasFusedGradient = (a: FusedActivation) => a === 'linear' || a === 'relu';

/**
 * True while tfjs records operations for a gradient (inside `tf.grads`, `variableGrads`, `optimizer.minimize`).
 * Layers use it to pick fused kernels only where their gradient exists. Reads tfjs-core 4.22's engine state; if
 * that changes shape, it answers true (never fuse an activation that could then fail).
 */
export function isRecordingGradients(): boolean {
  const state = (tf.engine() as unknown as { state?: { gradientDepth?: unknown } }).state;
  return typeof state?.gradientDepth === 'number' ? state.gradientDepth > 0 : true;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'Object'})`;
  return typeof value;
}
