// Test helper (not exported by the package): runs the same computation on 'cpu' and 'wasm' and compares.
import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { expect } from 'vitest';

export interface Input {
  shape: number[];
  values: Float32Array | Int32Array;
}

/** Exact values (NaN, ±Infinity, ±0, tiny and huge numbers), float32 unless `Int32Array`s are wanted. */
export function fixed(
  values: readonly number[],
  shape = [values.length],
  dtype: 'float32' | 'int32' = 'float32',
): Input {
  return { shape, values: dtype === 'int32' ? Int32Array.from(values) : Float32Array.from(values) };
}

/** NaN, ±Infinity, ±0, huge and tiny values: what a diverging model feeds a kernel. */
export const specialValues = [Number.NaN, Infinity, -Infinity, 0, -0, 1e30, -1e30, 1e-30, 2.5, -0.75];

/** Deterministic values in [-1, 1) (or whole numbers in [low, high) with `ints`), so failures reproduce. */
export function input(shape: number[], seed: number, ints?: [low: number, high: number]): Input {
  const size = shape.reduce((a, b) => a * b, 1);
  let state = (seed * 2654435761) >>> 0 || 1;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  if (ints)
    return {
      shape,
      values: Int32Array.from({ length: size }, () => ints[0] + Math.floor(next() * (ints[1] - ints[0]))),
    };
  return { shape, values: Float32Array.from({ length: size }, () => next() * 2 - 1) };
}

export interface Result {
  shape: number[];
  dtype: string;
  values: number[];
}

/**
 * Runs `f` on a backend with fresh tensors made from `inputs`; returns every output's shape and values.
 * Fails if anything but the outputs outlives the call, or if a tensor stays behind after they are disposed.
 */
export async function runOn(
  backend: string,
  f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  inputs: Input[],
): Promise<Result[]> {
  await tf.useBackend(backend);
  const before = tf.memory().numTensors;
  const outputs = tf.tidy(() => {
    const out = f(...inputs.map((i) => tf.tensor(i.values, i.shape)));
    return Array.isArray(out) ? out : [out];
  });
  expect(tf.memory().numTensors, `tensors left on '${backend}' besides the outputs`).toBe(
    before + outputs.length,
  );
  const results = await Promise.all(
    outputs.map(async (t) => ({
      shape: t.shape,
      dtype: t.dtype,
      values: Array.from(await t.data<'float32'>()),
    })),
  );
  tf.dispose(outputs);
  expect(tf.memory().numTensors, `tensors leaked on '${backend}'`).toBe(before);
  return results;
}

/** Expects `f` to give the same shapes and values (within `atol + rtol·|cpu|`) on 'wasm' as on 'cpu'. */
export async function expectMatchesCpu(
  f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  inputs: Input[],
  tolerance: Tolerance = {},
): Promise<Result[]> {
  const expected = await runOn('cpu', f, inputs);
  const actual = await runOn('wasm', f, inputs);
  expectClose(actual, expected, tolerance);
  return actual;
}

export interface Tolerance {
  atol?: number;
  rtol?: number;
}

/** Same shapes, and every value within `atol + rtol·|expected|` (NaN and ±Infinity only where expected). */
export function expectClose(
  actual: Result[],
  expected: Result[],
  { atol = 1e-4, rtol = 1e-4 }: Tolerance = {},
): void {
  expect(actual.map((r) => r.shape)).toEqual(expected.map((r) => r.shape));
  expect(actual.map((r) => r.dtype)).toEqual(expected.map((r) => r.dtype));
  actual.forEach((result, k) => {
    const want = expected[k]!.values;
    let worst = 0;
    let at = -1;
    result.values.forEach((v, i) => {
      if ((Number.isNaN(v) && Number.isNaN(want[i])) || v === want[i]) return; // also equal infinities
      const excess = Math.abs(v - want[i]!) - (atol + rtol * Math.abs(want[i]!));
      if (!(excess <= worst)) [worst, at] = [excess, i]; // !(<=) also catches NaN
    });
    expect(at, `output ${k}: got ${result.values[at]}, want ${want[at]} at flat index ${at}`).toBe(-1);
  });
}
