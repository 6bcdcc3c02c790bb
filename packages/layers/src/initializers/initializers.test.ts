import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { computeFans, getInitializer, serializeInitializer } from './index.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

const stats = (t: tf.Tensor) => {
  const v = Array.from(t.dataSync() as Float32Array);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { mean, std, min: Math.min(...v), max: Math.max(...v) };
};

describe('initializers', () => {
  test('fans count the receptive field of conv kernels (Keras compute_fans)', () => {
    expect(computeFans([784, 128])).toEqual({ fanIn: 784, fanOut: 128 });
    expect(computeFans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 });
    expect(computeFans([7])).toEqual({ fanIn: 7, fanOut: 7 });
  });

  test('glorotUniform stays within sqrt(6 / (fanIn + fanOut)) with the uniform variance', () => {
    const w = getInitializer('glorot_uniform').apply([200, 300]);
    const limit = Math.sqrt(6 / 500);
    const s = stats(w);
    expect(s.min).toBeGreaterThanOrEqual(-limit);
    expect(s.max).toBeLessThanOrEqual(limit);
    expect(s.std).toBeCloseTo(limit / Math.sqrt(3), 2);
    w.dispose();
  });

  test('heNormal is a truncated normal rescaled to stddev sqrt(2 / fanIn)', () => {
    const w = getInitializer('heNormal').apply([400, 300]);
    const s = stats(w);
    expect(s.std).toBeCloseTo(Math.sqrt(2 / 400), 2);
    // truncated at two (pre-correction) standard deviations
    expect(Math.max(-s.min, s.max)).toBeLessThanOrEqual(
      (2 * Math.sqrt(2 / 400)) / 0.87962566103423978 + 1e-6,
    );
    w.dispose();
  });

  test('orthogonal gives WᵀW = I (and WWᵀ = I for wide shapes), times gain', () => {
    for (const shape of [
      [6, 4],
      [4, 6],
    ]) {
      const w = getInitializer({ className: 'Orthogonal', config: { gain: 2 } }).apply(shape);
      const gram = shape[0]! >= shape[1]! ? tf.matMul(w, w, true, false) : tf.matMul(w, w, false, true);
      const k = Math.min(shape[0]!, shape[1]!);
      tf.test_util.expectArraysClose(gram.dataSync(), tf.eye(k).mul(4).dataSync(), 1e-4);
      tf.dispose([w, gram]);
    }
  });

  test('constant, zeros, ones and seeded random initializers', () => {
    expect(
      getInitializer({ className: 'Constant', config: { value: 3 } })
        .apply([2])
        .arraySync(),
    ).toEqual([3, 3]);
    expect(getInitializer('ones').apply([2], 'int32').dtype).toBe('int32');
    const a = getInitializer({ className: 'RandomNormal', config: { seed: 7 } })
      .apply([5])
      .arraySync();
    const b = getInitializer({ className: 'RandomNormal', config: { seed: 7 } })
      .apply([5])
      .arraySync();
    expect(a).toEqual(b);
  });

  test("'normal' means truncated normal (Keras 2, tfjs-layers) and serializes back as 'normal'", () => {
    const vs = getInitializer({
      className: 'VarianceScaling',
      config: { distribution: 'normal', mode: 'fan_avg' },
    });
    expect(serializeInitializer(vs)).toEqual({
      className: 'VarianceScaling',
      config: { scale: 1, mode: 'fanAvg', distribution: 'normal', seed: undefined },
    });
  });

  test('an unknown name lists the valid ones', () => {
    expect(() => getInitializer('glorot')).toThrow(
      /Unknown initializer 'glorot'. Valid names: .*'glorotUniform'/,
    );
  });
});
