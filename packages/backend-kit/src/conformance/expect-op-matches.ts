import * as tf from '@strata/core';
import { type ConformanceCase, caseInputValues, f32, opCases } from './case.js';
import { compareOutputs } from './compare.js';
import { execute } from './execute.js';

export interface OpMatchOptions {
  /** Absolute tolerance. Default: 1e-4. */
  atol?: number;
  /** Relative tolerance. Default: 1e-4. */
  rtol?: number;
  /** The backend to compare with. Default: 'cpu'. */
  reference?: string;
  /** Also compare the gradients w.r.t. every input (single-output ops). Default: true. */
  grad?: boolean;
  /** Input values are drawn uniformly from [low, high). Default: [-2, 2). */
  range?: [number, number];
}

/**
 * Runs an op on random float32 inputs of the given shapes on `backend` and on the reference, and throws if the
 * outputs (and gradients) differ: one line per op in a backend's tests.
 * @example await expectOpMatches('webgl', [[8, 16], [16, 4]], (a, b) => tf.matMul(a, b), { atol: 1e-4 });
 */
export async function expectOpMatches(
  backend: string,
  shapes: readonly (readonly number[])[],
  op: (...inputs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  options: OpMatchOptions = {},
): Promise<void> {
  const reference = options.reference ?? 'cpu';
  const [low, high] = options.range ?? [-2, 2];
  const label = `op on [${shapes.map((s) => `[${s.join(',')}]`).join(', ')}]`;
  const previous = tf.currentBackend();
  try {
    await tf.useBackend(reference);
    await tf.useBackend(backend);
    const forward = opCases(
      'expectOpMatches',
      'op',
      label,
      shapes.map((s) => f32(s, low, high)),
      op,
    )[0]!;
    const expected = await runOn(reference, forward);
    const single = expected.length === 1 && expected[0]!.dtype === 'float32';
    const cases =
      options.grad !== false && single
        ? opCases('expectOpMatches', 'op', label, forward.inputs, op, { grad: true })
        : [forward];
    for (const c of cases) {
      const want = c === forward ? expected : await runOn(reference, c);
      const got = await runOn(backend, c);
      const { error } = compareOutputs(
        got,
        want,
        { atol: options.atol ?? 1e-4, rtol: options.rtol ?? 1e-4 },
        reference,
      );
      if (error) throw new Error(`'${backend}' differs from '${reference}' for ${c.name}: ${error}`);
    }
  } finally {
    if (previous !== undefined && tf.currentBackend() !== previous) await tf.setBackend(previous);
  }
}

async function runOn(backend: string, c: ConformanceCase) {
  await tf.setBackend(backend);
  const result = await execute(
    c.inputs.map((s) => ({ shape: s.shape, dtype: s.dtype })),
    caseInputValues(c),
    c.run,
  );
  if (result.error !== undefined) {
    const message = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`${c.name} threw on '${backend}': ${message}`, { cause: result.error });
  }
  return result.outputs;
}
