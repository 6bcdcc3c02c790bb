import * as tf from '@strata/core';
import { type CaseOutput, compareOutputs, type Tolerance } from './conformance/compare.js';
import { defineBackend } from './define-backend.js';

/** One kernel call as recorded for the comparison: what went in and what came out. */
interface Call {
  kernel: string;
  attrs: tf.NamedAttrMap;
  inputs: CaseOutput[];
  outputs: CaseOutput[];
}

/** Where two backends first part ways on the same work. */
export interface Divergence {
  /** The position of the call among the kernels the work dispatched (0-based). */
  index: number;
  kernel: string;
  attrs: tf.NamedAttrMap;
  inputShapes: number[][];
  /** What differs in its outputs, although its inputs agreed. */
  error: string;
  maxAbsDiff: number;
}

const stateKey = Symbol.for('strata.backendKit.compareCalls');
const globalScope = globalThis as unknown as Record<symbol, { calls?: Call[] } | undefined>;
const state: { calls?: Call[] } = globalScope[stateKey] ?? {};
globalScope[stateKey] = state;

/**
 * Runs `work` on `backend` and on `reference` and returns the first kernel call whose inputs agree on both but
 * whose outputs do not: the kernel to fix when a model trains differently on a backend. Undefined if every call
 * agrees. `work` must be deterministic and make its own tensors (seeded initialisers, fixed data). Every
 * kernel's inputs and outputs are read back, so keep the work small.
 * @example
 * const d = await firstDivergentKernel('webgl', () => trainSmallModelFor(3));
 * // { index: 57, kernel: 'Multiply', inputShapes: [[16, 8], [16, 8]], error: 'output at [3, 4]: got ...' }
 */
export async function firstDivergentKernel(
  backend: string,
  work: () => unknown,
  options: {
    reference?: string /** Default: `{ atol: 1e-5, rtol: 1e-3 }`. */;
    tolerance?: Partial<Tolerance>;
  } = {},
): Promise<Divergence | undefined> {
  const reference = options.reference ?? 'cpu';
  // Relative by default: intermediate values in training are often ~1e-3, where an absolute 1e-4 would hide a
  // 10% error; float32 noise between backends stays far below 1e-5 absolute.
  const tolerance = { atol: 1e-5, rtol: 1e-3, ...options.tolerance };
  const expected = await recordCalls(reference, work);
  const got = await recordCalls(backend, work);
  const count = Math.min(expected.length, got.length);
  for (let i = 0; i < count; i++) {
    const want = expected[i]!;
    const have = got[i]!;
    const shapes = have.inputs.map((t) => t.shape);
    if (want.kernel !== have.kernel) {
      return {
        index: i,
        kernel: have.kernel,
        attrs: have.attrs,
        inputShapes: shapes,
        maxAbsDiff: Number.POSITIVE_INFINITY,
        error: `'${backend}' dispatched ${have.kernel} where '${reference}' dispatched ${want.kernel}`,
      };
    }
    if (compareOutputs(have.inputs, want.inputs, tolerance, reference).error) continue;
    const { error, maxAbsDiff } = compareOutputs(have.outputs, want.outputs, tolerance, reference);
    if (error)
      return { index: i, kernel: have.kernel, attrs: have.attrs, inputShapes: shapes, error, maxAbsDiff };
  }
  if (expected.length !== got.length) {
    return {
      index: count,
      kernel: (got[count] ?? expected[count])!.kernel,
      attrs: {},
      inputShapes: [],
      maxAbsDiff: Number.POSITIVE_INFINITY,
      error: `'${backend}' dispatched ${got.length} kernels, '${reference}' ${expected.length}`,
    };
  }
  return undefined;
}

async function recordCalls(backend: string, work: () => unknown): Promise<Call[]> {
  const name = `${backend}:compare-kernels`;
  if (!tf.getBackendPlugin(name)) {
    tf.registerBackendPlugin(
      defineBackend({
        name,
        base: backend,
        kernels: [],
        priority: -1000,
        wrap: (call, next) => {
          const calls = state.calls;
          // Inputs are read before the kernel runs, in case it writes into one.
          const inputs = calls ? readAll(call.backend, Object.values(call.inputs)) : [];
          const out = next();
          calls?.push({
            kernel: call.kernelName,
            attrs: { ...call.attrs },
            inputs,
            outputs: readAll(call.backend, Array.isArray(out) ? out : [out]),
          });
          return out;
        },
      }),
    );
  }
  const previous = tf.currentBackend();
  const calls: Call[] = [];
  await tf.useBackend(name);
  state.calls = calls;
  try {
    const result = await work();
    tf.dispose(result as tf.TensorContainer);
  } finally {
    state.calls = undefined;
    if (previous !== undefined && tf.currentBackend() !== previous) await tf.setBackend(previous);
  }
  return calls;
}

function readAll(backend: tf.KernelBackend, tensors: readonly (tf.TensorInfo | undefined)[]): CaseOutput[] {
  return tensors
    .filter((t): t is tf.TensorInfo => t !== undefined && t !== null)
    .map((t) => ({
      shape: [...t.shape],
      dtype: t.dtype,
      values: t.dtype === 'string' ? [] : Float64Array.from(backend.readSync(t.dataId) as ArrayLike<number>),
    }));
}
