import * as tf from '@strata/core';
import type { InputValues } from './case.js';
import type { CaseOutput } from './compare.js';

/** What running some work on the active backend produced. */
export interface Execution {
  outputs: CaseOutput[];
  /** The error it threw, if any (then `outputs` is empty). */
  error?: unknown;
  /** Tensors (engine) and data buffers (backend) still alive afterwards that were not before. */
  leakedTensors: number;
  leakedDataIds: number;
  /** Inputs whose values changed: a kernel wrote into a buffer it only should have read. */
  mutatedInputs: number[];
}

/**
 * Runs `run` on tensors made from `values` on the active backend, reads its outputs back, and frees
 * everything, counting what was not freed.
 */
export async function execute(
  inputs: readonly { shape: readonly number[]; dtype: tf.DataType }[],
  values: readonly InputValues[],
  run: (...inputs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
): Promise<Execution> {
  const engine = tf.engine();
  const tensorsBefore = tf.memory().numTensors;
  const dataIdsBefore = engine.backend.numDataIds();
  // tfjs keeps the array a tensor is made from as its storage on cpu: give every backend its own copy.
  const tensors = inputs.map((spec, i) => tf.tensor(values[i]!.slice(), [...spec.shape], spec.dtype));
  let outputs: tf.Tensor[] = [];
  const result: Execution = { outputs: [], leakedTensors: 0, leakedDataIds: 0, mutatedInputs: [] };
  try {
    outputs = tf.tidy(() => {
      const out = run(...tensors);
      return Array.isArray(out) ? out : [out];
    });
    const read = await Promise.all(outputs.map((o) => o.data()));
    result.outputs = outputs.map((o, i) => ({
      shape: o.shape,
      dtype: o.dtype,
      values: read[i] as ArrayLike<number>,
    }));
    const after = await Promise.all(tensors.map((t) => t.data()));
    after.forEach((v, i) => {
      if (!sameValues(v as ArrayLike<number>, values[i]!)) result.mutatedInputs.push(i);
    });
  } catch (error) {
    result.error = error;
  } finally {
    tf.dispose(outputs);
    tf.dispose(tensors);
    result.leakedTensors = tf.memory().numTensors - tensorsBefore;
    result.leakedDataIds = engine.backend.numDataIds() - dataIdsBefore;
  }
  return result;
}

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i]) && !(a[i] === b[i])) return false;
  }
  return true;
}
