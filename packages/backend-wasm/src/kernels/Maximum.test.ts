import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectMatchesCpu, fixed, input, specialValues } from '../compare-with-cpu.js';
import '../index.js';

beforeAll(async () => {
  await tf.useBackend('wasm');
});

const nanAt = (shape: number[], seed: number, positions: number[]) => {
  const values = Array.from(input(shape, seed).values);
  for (const p of positions) values[p] = Number.NaN;
  return fixed(values, shape);
};

// Each operand pair once with NaN in a, once in b, through every broadcasting path.
const shapes: [number[], number[]][] = [
  [
    [3, 4],
    [3, 4],
  ],
  [[2, 3], [3]],
  [
    [2, 1],
    [1, 3],
  ],
  [[2, 3], []],
  [
    [4, 1, 3],
    [2, 1],
  ],
];

describe.each([
  ['maximum', tf.maximum],
  ['minimum', tf.minimum],
] as const)('%s on wasm matches cpu', (name, op) => {
  test('special values against each other: NaN wins on either side', async () => {
    const b = fixed([0, 2.5, Number.NaN, -Infinity, 1e30, -0, Infinity, -1, 1e-30, -1e30]);
    const [out] = await expectMatchesCpu((x, y) => op(x!, y!), [fixed(specialValues), b]);
    expect(out!.values[2], `${name}(-Infinity, NaN)`).toBeNaN();
  });

  test.each(shapes)('a %j with NaN, b %j', async (aShape, bShape) => {
    await expectMatchesCpu((x, y) => op(x!, y!), [nanAt(aShape, 1, [0]), input(bShape, 2)]);
  });

  test.each(shapes)('a %j, b %j with NaN', async (aShape, bShape) => {
    const last = bShape.reduce((p, d) => p * d, 1) - 1;
    await expectMatchesCpu((x, y) => op(x!, y!), [input(aShape, 3), nanAt(bShape, 4, [last])]);
  });

  test('no NaN: values and gradients as before', async () => {
    await expectMatchesCpu((x, y) => op(x!, y!), [input([5, 7], 5), input([5, 7], 6)]);
    await expectMatchesCpu(
      (x, y) => tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(op(p, q)))([x!, y!]),
      [input([5, 7], 5), input([5, 7], 6)],
    );
  });

  test('int32 is untouched', async () => {
    await expectMatchesCpu((x, y) => op(x!, y!), [input([2, 3], 7, [-5, 5]), input([2, 3], 8, [-5, 5])]);
  });
});
