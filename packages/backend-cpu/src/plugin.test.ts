import * as tf from '@strata/core';
import { describe, expect, test } from 'vitest';
import { plugin } from './index.js';

describe('@strata/backend-cpu', () => {
  test('importing the package registers the plugin without loading it', async () => {
    const info = (await tf.listBackends()).find((b) => b.name === 'cpu');
    expect(info).toMatchObject({ name: 'cpu', priority: 1, loaded: false });
    expect(tf.getBackendPlugin('cpu')).toBe(plugin);
  });

  test('a tensor made through @strata/core runs on the backend this package registers', async () => {
    expect(await tf.useBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const before = tf.memory().numTensors;
    const y = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])));
    expect(await y.data()).toEqual(new Float32Array([11]));
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect((await tf.listBackends()).find((b) => b.name === 'cpu')).toMatchObject({
      loaded: true,
      active: true,
    });
  });
});
