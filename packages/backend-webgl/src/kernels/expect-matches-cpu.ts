// Test helper (not exported by the package): runs the same computation on 'cpu' and 'webgl' and compares.
import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { expect } from 'vitest';
import '../index.js';

export type Input = { values: readonly number[]; shape: number[]; dtype?: 'float32' | 'int32' };

/** NaN, ±Infinity, ±0, huge and tiny values: what a diverging model feeds a kernel. */
export const specialValues = [Number.NaN, Infinity, -Infinity, 0, -0, 1e30, -1e30, 1e-30, 2.5, -0.75];

/** Deterministic values in [low, high), so failures reproduce. */
export function uniform(shape: number[], seed: number, low = -2, high = 2): Input {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, (_, i) => {
    const r = Math.sin(seed * 9301 + i * 49297) * 233280;
    return low + (high - low) * (r - Math.floor(r));
  });
  return { values, shape };
}

/**
 * Runs `f` on tensors made from `inputs` on `backend`. On webgl the inputs are put on the GPU first: small tensors
 * that still live in JavaScript would otherwise be computed on the CPU by some tfjs kernels. Fails if a tensor
 * outlives the call.
 */
export async function runOn(
  backend: string,
  f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  inputs: readonly Input[],
): Promise<{ shape: number[]; dtype: string; values: number[] }[]> {
  await tf.useBackend(backend);
  const before = tf.memory().numTensors;
  const tensors = inputs.map((i) => tf.tensor(i.values as number[], i.shape, i.dtype ?? 'float32'));
  if (backend === 'webgl') {
    const gpu = tf.backend() as unknown as { uploadToGPU(dataId: object): void };
    for (const t of tensors) if (t.size > 0) gpu.uploadToGPU(t.dataId);
  }
  const outputs = [tf.tidy(() => f(...tensors))].flat();
  const results = await Promise.all(
    outputs.map(async (t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(await t.data()) })),
  );
  tf.dispose([...outputs, ...tensors]);
  expect(tf.memory().numTensors, `tensors leaked on '${backend}'`).toBe(before);
  return results;
}

/** Expects webgl to give cpu's shapes, dtypes and values: within `atol + rtol·|cpu|`, NaN and ±Infinity exactly. */
export async function expectMatchesCpu(
  f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  inputs: readonly Input[],
  { atol = 1e-5, rtol = 1e-5 } = {},
): Promise<number[][]> {
  const expected = await runOn('cpu', f, inputs);
  const received = await runOn('webgl', f, inputs);
  expect(received.map((r) => [r.shape, r.dtype])).toEqual(expected.map((r) => [r.shape, r.dtype]));
  received.forEach((r, k) => {
    const want = expected[k]!.values;
    const bad = r.values.findIndex((v, i) => {
      const w = want[i]!;
      if (Number.isNaN(w) || !Number.isFinite(w))
        return !Object.is(v, w) && !(Number.isNaN(v) && Number.isNaN(w));
      return !(Math.abs(v - w) <= atol + rtol * Math.abs(w));
    });
    expect(bad, `output ${k} at ${bad}: webgl ${r.values[bad]}, cpu ${want[bad]}`).toBe(-1);
  });
  return received.map((r) => r.values);
}

/** Runs `body` with a tfjs flag set, then puts the flag back. */
export async function withFlag(flag: string, value: boolean, body: () => Promise<void>): Promise<void> {
  const previous = tf.env().getBool(flag);
  tf.env().set(flag, value);
  try {
    await body();
  } finally {
    tf.env().set(flag, previous);
  }
}
