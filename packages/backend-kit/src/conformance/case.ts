import * as tf from '@strata/core';
import type { TfjsKernelName } from '../define-kernel.js';
import type { KernelSignatures } from '../kernel-signatures.js';

/** An input's values as made for a case. */
export type InputValues = Float32Array | Int32Array | Uint8Array;

/** The dtypes conformance inputs are made in. */
export type InputDType = 'float32' | 'int32' | 'bool';

/** One input of a case: its shape, dtype and how its values are made. */
export interface InputSpec {
  readonly shape: readonly number[];
  readonly dtype: InputDType;
  /**
   * Fixed values, a range to draw uniformly from (integers for int32, 0/1 for bool), or values computed from
   * the earlier inputs' (e.g. MaxPoolGrad's `output`, the max-pool of its `input`).
   */
  readonly values:
    | readonly number[]
    | { readonly low: number; readonly high: number }
    | ((earlier: readonly InputValues[]) => ArrayLike<number>);
  /** Whether gradient cases differentiate with respect to it. Default: true for float32. */
  readonly differentiable: boolean;
}

/** One conformance case: an op run on the plugin and on the reference, outputs compared. */
export interface ConformanceCase {
  /** The tfjs kernel under test, or a lower-case name for a composite (`'lstmCell'`) made of several. */
  readonly kernel: string;
  /** Says what is special about this case (`'[8,16]x[16,4] transposeB'`); unique within the kernel. */
  readonly name: string;
  /** The kernel family (one file of cases): 'matmul', 'conv', 'activations', ... */
  readonly family: string;
  readonly inputs: readonly InputSpec[];
  /** The op, on tensors made from `inputs` on the active backend. */
  readonly run: (...inputs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
  /** Multiplies the tolerance for this case (sums over many terms, large values). Default: 1. */
  readonly tolerance?: number;
}

/** Uniform float32 values in [low, high) (default [-2, 2)). */
export function f32(shape: readonly number[], low = -2, high = 2): InputSpec {
  return { shape, dtype: 'float32', values: { low, high }, differentiable: true };
}

/** Positive float32 values, for log, sqrt, pow and divisors. */
export function positive(shape: readonly number[], low = 0.1, high = 3): InputSpec {
  return f32(shape, low, high);
}

/** Uniform int32 values in [low, high). */
export function i32(shape: readonly number[], low = -5, high = 5): InputSpec {
  return { shape, dtype: 'int32', values: { low, high }, differentiable: false };
}

/** Random 0/1 booleans. */
export function bools(shape: readonly number[]): InputSpec {
  return { shape, dtype: 'bool', values: { low: 0, high: 2 }, differentiable: false };
}

/** Exact values (e.g. NaN, ±Infinity, -0, 1e30). */
export function fixed(
  values: readonly number[],
  shape: readonly number[] = [values.length],
  dtype: InputDType = 'float32',
): InputSpec {
  return { shape, dtype, values, differentiable: dtype === 'float32' };
}

/** Float32 values computed from the earlier inputs of the case. */
export function derived(
  shape: readonly number[],
  compute: (earlier: readonly InputValues[]) => ArrayLike<number>,
): InputSpec {
  return { shape, dtype: 'float32', values: compute, differentiable: false };
}

/** The same input, left out of gradients (labels, masks, indices passed as floats). */
export function constant(spec: InputSpec): InputSpec {
  return { ...spec, differentiable: false };
}

/** Values that stress a float kernel: NaN, ±Infinity, ±0, huge, tiny and ordinary numbers. */
export const specialValues: readonly number[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0,
  -0,
  1e30,
  -1e30,
  1e-30,
  2.5,
  -0.75,
];

export interface CaseOptions {
  /** Also add a `<name> gradient` case that compares the gradients w.r.t. the differentiable inputs. */
  grad?: boolean;
  tolerance?: number;
}

/**
 * Cases for an op: the forward case and, with `grad`, its gradient case (a random upstream gradient, so a
 * gradient that only sums correctly is not enough).
 */
export function opCases(
  family: string,
  kernel: string,
  name: string,
  inputs: readonly InputSpec[],
  run: (...inputs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  options: CaseOptions = {},
): ConformanceCase[] {
  const tolerance = options.tolerance ?? 1;
  const forward: ConformanceCase = { kernel, name, family, inputs, run, tolerance };
  if (!options.grad) return [forward];
  const differentiable = inputs.flatMap((spec, i) =>
    spec.dtype === 'float32' && spec.differentiable ? [i] : [],
  );
  if (differentiable.length === 0) throw new Error(`gradient case '${kernel}: ${name}' has no float32 input`);
  return [
    forward,
    { kernel, name: `${name} gradient`, family, inputs, run: gradientOf(run, differentiable), tolerance },
  ];
}

/** The gradients of `run` w.r.t. the inputs at `indices`, with a seeded random upstream gradient. */
export function gradientOf(
  run: (...inputs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  indices: readonly number[],
): (...inputs: tf.Tensor[]) => tf.Tensor[] {
  return (...inputs) => {
    const f = (...diff: tf.Tensor[]) => {
      const all = [...inputs];
      indices.forEach((index, k) => {
        all[index] = diff[k]!;
      });
      const out = run(...all);
      if (Array.isArray(out)) throw new Error('gradient cases need a single-output op');
      return out;
    };
    const xs = indices.map((i) => inputs[i]!);
    const shape = tf.tidy(() => f(...xs).shape);
    // randomUniform with a seed fills a buffer in JavaScript: the same dy on every backend, no kernel.
    const dy = tf.randomUniform(shape, -1, 1, 'float32', 42);
    return tf.grads(f)(xs, dy);
  };
}

/**
 * A case that dispatches one kernel directly with the given attributes, for kernels ops only reach from
 * gradients (Conv2DBackpropFilter, MaxPoolGrad, ...): a failure then points at that kernel alone.
 */
export function kernelCase<N extends TfjsKernelName>(
  family: string,
  kernel: N,
  name: string,
  inputs: { readonly [K in keyof KernelSignatures[N]['inputs']]: InputSpec },
  attrs: KernelSignatures[N]['attrs'],
  options: { tolerance?: number } = {},
): ConformanceCase {
  const names = Object.keys(inputs) as (keyof typeof inputs & string)[];
  return {
    kernel,
    name,
    family,
    inputs: names.map((n) => inputs[n] as InputSpec),
    run: (...tensors) => {
      const named: tf.NamedTensorMap = {};
      names.forEach((n, i) => {
        named[n] = tensors[i]!;
      });
      return tf.engine().runKernel(kernel, named, attrs as unknown as tf.NamedAttrMap) as
        | tf.Tensor
        | tf.Tensor[];
    },
    tolerance: options.tolerance ?? 1,
  };
}

/** The values of a case's inputs: the same on every backend and every run (seeded by the case and input). */
export function caseInputValues(c: ConformanceCase): InputValues[] {
  const made: InputValues[] = [];
  c.inputs.forEach((spec, i) => {
    made.push(inputValues(spec, `${c.kernel}: ${c.name} #${i}`, made));
  });
  return made;
}

function inputValues(spec: InputSpec, seed: string, earlier: readonly InputValues[]): InputValues {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const Typed = spec.dtype === 'int32' ? Int32Array : spec.dtype === 'bool' ? Uint8Array : Float32Array;
  if (typeof spec.values === 'function' || Array.isArray(spec.values)) {
    const values =
      typeof spec.values === 'function' ? spec.values(earlier) : (spec.values as readonly number[]);
    if (values.length !== size) {
      throw new Error(
        `conformance input '${seed}' has ${values.length} values for shape [${spec.shape.join(', ')}]`,
      );
    }
    return Typed.from(values as ArrayLike<number>);
  }
  const { low, high } = spec.values as { low: number; high: number };
  const random = mulberry32(hash(seed));
  const out = new Typed(size);
  for (let i = 0; i < size; i++) {
    const r = low + (high - low) * random();
    out[i] = spec.dtype === 'float32' ? r : Math.floor(r);
  }
  return out;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

// A small seeded generator (public-domain mulberry32): inputs must not depend on Math.random.
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
