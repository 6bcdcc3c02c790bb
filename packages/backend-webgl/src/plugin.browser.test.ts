import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { plugin } from './index.js';
import '@strata/backend-cpu';

// Runs in headless Chromium (SwiftShader WebGL2; see vitest.config.ts). Each comparison computes the same
// inputs on cpu (the reference) and on webgl.

async function onBackend(name: string, f: () => tf.Tensor | tf.Tensor[]): Promise<number[][]> {
  await tf.useBackend(name);
  const before = tf.memory().numTensors;
  const out = tf.tidy(f);
  const results = [out].flat();
  const values = await Promise.all(results.map(async (t) => Array.from(await t.data())));
  tf.dispose(results);
  expect(tf.memory().numTensors, `tensors leaked on ${name}`).toBe(before);
  return values;
}

async function expectWebglMatchesCpu(f: () => tf.Tensor | tf.Tensor[], atol: number): Promise<void> {
  const expected = await onBackend('cpu', f);
  const received = await onBackend('webgl', f);
  expect(received.length).toBe(expected.length);
  received.forEach((values, i) => {
    expect(values.length).toBe(expected[i]!.length);
    const maxDiff = Math.max(...values.map((v, j) => Math.abs(v - expected[i]![j]!)));
    expect(maxDiff, `output ${i}: max |webgl - cpu|`).toBeLessThanOrEqual(atol);
  });
}

// Fixed pseudo-random inputs (the same on both backends; tf.randomNormal's seed would also work but this keeps
// the numbers independent of tfjs's generator).
function pseudoRandom(shape: number[], seed: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Float32Array.from({ length: size }, (_, i) => Math.sin(seed * 1000 + i * 12.9898) * 0.5);
  return tf.tensor(values, shape);
}

describe('@strata/backend-webgl in a browser', () => {
  beforeAll(async () => {
    expect(await tf.useBackend('webgl')).toBe('webgl');
  });

  test('webgl is supported, loads, and describes the context', async () => {
    expect(await plugin.isSupported!()).toBe(true);
    expect(tf.getBackend()).toBe('webgl');
    const info = (await tf.listBackends()).find((b) => b.name === 'webgl');
    expect(info).toMatchObject({ supported: true, loaded: true, priority: 3 });
    expect(info?.details).toMatchObject({ webglVersion: 2, float32Render: true });
    expect(info?.details?.renderer).toMatch(/\S/);
    // The tfjs 4.22 quirk RECIPES warns about: 1e-4 on webgl even with float32 textures.
    expect(info?.details?.epsilon).toBe(1e-4);
  });

  test('matMul matches cpu', async () => {
    await expectWebglMatchesCpu(() => tf.matMul(pseudoRandom([17, 33], 1), pseudoRandom([33, 9], 2)), 1e-5);
  });

  test('conv2d matches cpu (same padding, stride 2)', async () => {
    await expectWebglMatchesCpu(
      () =>
        tf.conv2d(
          pseudoRandom([2, 9, 9, 3], 3) as tf.Tensor4D,
          pseudoRandom([3, 3, 3, 4], 4) as tf.Tensor4D,
          2,
          'same',
        ),
      1e-5,
    );
  });

  test('softmax matches cpu and rows sum to 1', async () => {
    const f = () => tf.softmax(pseudoRandom([4, 10], 5).mul(8));
    await expectWebglMatchesCpu(f, 1e-6);
    const [values] = await onBackend('webgl', f);
    for (let row = 0; row < 4; row++) {
      expect(values!.slice(row * 10, row * 10 + 10).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });

  test('gradients of a small dense layer with softmax cross-entropy match cpu', async () => {
    await expectWebglMatchesCpu(() => {
      const x = pseudoRandom([6, 5], 6);
      const labels = tf.oneHot(tf.tensor1d([0, 2, 1, 2, 0, 1], 'int32'), 3);
      const loss = (w: tf.Tensor, b: tf.Tensor) =>
        tf.losses.softmaxCrossEntropy(labels, tf.add(tf.matMul(x, w), b)) as tf.Scalar;
      const [dw, db] = tf.grads(loss)([pseudoRandom([5, 3], 7), pseudoRandom([3], 8)]);
      return [dw!, db!];
    }, 1e-5);
  });

  test('a training step with Adam (explicit epsilon) matches cpu', async () => {
    // Adam's default epsilon is the backend's: 1e-4 on webgl, 1e-7 on cpu. Passing it makes them comparable.
    const train = async (name: string) => {
      await tf.useBackend(name);
      const before = tf.memory().numTensors;
      const initial = pseudoRandom([4, 2], 9);
      const w = tf.variable(initial);
      initial.dispose(); // the variable keeps its own reference to the data
      const x = pseudoRandom([8, 4], 10);
      const y = pseudoRandom([8, 2], 11);
      const optimizer = tf.train.adam(0.05, 0.9, 0.999, 1e-7);
      for (let step = 0; step < 3; step++) {
        optimizer.minimize(() => tf.losses.meanSquaredError(y, tf.matMul(x, w)) as tf.Scalar);
      }
      const values = Array.from(await w.data());
      optimizer.dispose();
      tf.dispose([w, x, y]);
      expect(tf.memory().numTensors, `tensors leaked on ${name}`).toBe(before);
      return values;
    };
    const cpu = await train('cpu');
    const webgl = await train('webgl');
    const initial = tf.tidy(() => Array.from(pseudoRandom([4, 2], 9).dataSync()));
    expect(
      Math.max(...webgl.map((v, i) => Math.abs(v - initial[i]!))),
      'the steps moved the weights',
    ).toBeGreaterThan(0.05);
    expect(Math.max(...webgl.map((v, i) => Math.abs(v - cpu[i]!))), 'max |webgl - cpu|').toBeLessThanOrEqual(
      1e-5,
    );
  });

  test("useBackend(['webgl', 'cpu']) picks webgl, and useBackend() prefers it too", async () => {
    await tf.useBackend('cpu');
    expect(await tf.useBackend(['webgl', 'cpu'])).toBe('webgl');
    await tf.useBackend('cpu');
    expect(await tf.useBackend()).toBe('webgl');
  });
});
