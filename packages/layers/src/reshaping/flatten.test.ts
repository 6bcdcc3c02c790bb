import '@strata/backend-cpu';
import * as tf from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, test } from 'vitest';
import { runLayerTest } from '../testing/run-layer-test.js';
import { expectConfigCompatible, expectParity } from '../testing/tfjs-layers-parity.js';
import { Flatten } from './flatten.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

test('contract: [2, 3, 4] → [2, 12], values in row-major order', () => {
  const input = tf.range(0, 24).reshape([2, 3, 4]);
  runLayerTest(
    Flatten,
    {},
    {
      inputShape: [2, 3, 4],
      expectedOutputShape: [2, 12],
      input,
      expectedOutput: [Array.from({ length: 12 }, (_, i) => i), Array.from({ length: 12 }, (_, i) => i + 12)],
    },
  );
  input.dispose();
});

test.each(['channelsLast', 'channelsFirst'] as const)('matches tfjs-layers Flatten (%s)', (dataFormat) => {
  const x = tf.randomNormal([2, 3, 2, 2], 0, 1, 'float32', 1);
  expectParity(new Flatten({ dataFormat }), tfl.layers.flatten({ dataFormat }), x);
  expectConfigCompatible(new Flatten({ dataFormat }), tfl.layers.flatten({ dataFormat }));
  x.dispose();
});

test('rank 1 and 2 inputs; unknown sizes give a null output size', () => {
  const layer = new Flatten();
  const y = layer.apply(tf.ones([3]));
  expect(y.shape).toEqual([3, 1]);
  y.dispose();
  expect(layer.computeOutputShape([null, null, 4])).toEqual([null, null]);
});

test('a bad dataFormat lists the valid ones', () => {
  expect(() => new Flatten({ dataFormat: 'NHWC' as any })).toThrow(
    /'channelsLast' or 'channelsFirst', got 'NHWC'/,
  );
});
