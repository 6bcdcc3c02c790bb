import '@strata/backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  expectNoLeak,
  expectParity,
  expectTfjsParity,
  FunctionReference,
  tfjsLayerFromConfig,
} from '../convolutional/expect-parity.js';
import { deserializeLayer, serializeLayer } from '../serialization.js';
import { GRU, type GRUArgs } from './gru.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

/** Keras 3's GRUCell with reset_after=True, step by step in plain ops (its formula, written independently). */
function kerasGruResetAfter(
  x: tf.Tensor,
  [kernel, recurrent, bias]: tf.Tensor[],
  units: number,
  returnSequences: boolean,
) {
  const [inputBias, recurrentBias] = tf.unstack(bias!);
  const column = (m: tf.Tensor, gate: number) => tf.slice(m, [0, gate * units], [-1, units]);
  let h: tf.Tensor = tf.zeros([x.shape[0]!, units]);
  const outputs: tf.Tensor[] = [];
  for (const xt of tf.unstack(x, 1)) {
    const projected = tf.add(tf.matMul(xt, kernel!), inputBias!);
    const inner = tf.add(tf.matMul(h, recurrent!), recurrentBias!);
    const z = tf.sigmoid(tf.add(column(projected, 0), column(inner, 0)));
    const r = tf.sigmoid(tf.add(column(projected, 1), column(inner, 1)));
    const candidate = tf.tanh(tf.add(column(projected, 2), tf.mul(r, column(inner, 2))));
    h = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), candidate));
    outputs.push(h);
  }
  return returnSequences ? tf.stack(outputs, 1) : h;
}

const resetBeforeCases: GRUArgs[] = [
  { units: 3, resetAfter: false },
  { units: 2, resetAfter: false, returnSequences: true, goBackwards: true },
  { units: 2, resetAfter: false, returnState: true, useBias: false, recurrentActivation: 'hardSigmoid' },
];

describe('GRU', () => {
  test.each(resetBeforeCases)(
    'resetAfter false matches tfjs-layers built from our config: output and gradients %o',
    (args) => {
      const layer = new GRU(args);
      expectTfjsParity(layer, [2, 5, 3], 41);
    },
  );

  test('resetAfter false with a mask matches tfjs-layers', () => {
    const layer = new GRU({ units: 2, resetAfter: false, returnSequences: true });
    const x = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 42);
    const mask = tf.tensor2d([0, 1, 1, 1, 1, 1, 0, 1], [2, 4]);
    expectParity({
      strata: layer,
      reference: tfjsLayerFromConfig('GRU', layer.getConfig()),
      inputs: x,
      kwargs: { mask },
    });
    tf.dispose([x, mask]);
  });

  test.each([false, true])(
    'resetAfter true (the default; tfjs-layers lacks it) matches Keras 3 GRUCell in plain ops, returnSequences %s',
    (returnSequences) => {
      const layer = new GRU({ units: 3, returnSequences, biasInitializer: 'randomNormal' });
      const x = tf.randomNormal([2, 4, 2], 0, 1, 'float32', 43);
      const reference = new FunctionReference(([input], weights) =>
        kerasGruResetAfter(input!, weights, 3, returnSequences),
      );
      expectParity({ strata: layer, reference, inputs: x });
      reference.dispose();
      x.dispose();
    },
  );

  test('weights: bias [2, 3·units] with resetAfter (input row, recurrent row), [3·units] without', () => {
    const after = new GRU({ units: 4 });
    after.build([null, 5, 3]);
    expect(after.weights.map((w) => w.shape)).toEqual([
      [3, 12],
      [4, 12],
      [2, 12],
    ]);
    const before = new GRU({ units: 4, resetAfter: false });
    before.build([null, 5, 3]);
    expect(before.weights.map((w) => w.shape)).toEqual([[3, 12], [4, 12], [12]]);
    const config = after.getConfig();
    expect(config).toMatchObject({ resetAfter: true, recurrentActivation: 'sigmoid', units: 4 });
    expect(deserializeLayer(serializeLayer(after)).getConfig()).toEqual(config);
    // tfjs-layers rejects resetAfter: true when loading, rather than computing something else.
    expect(() => tfjsLayerFromConfig('GRU', config)).toThrow(/reset_after/);
  });

  test('computeOutputShape agrees with apply', () => {
    for (const args of [...resetBeforeCases, { units: 2, returnSequences: true, returnState: true }]) {
      const layer = new GRU(args);
      const y = layer.apply(tf.zeros([2, 5, 3])) as tf.Tensor | tf.Tensor[];
      const shapes = Array.isArray(y)
        ? y.map((t) => [null, ...t.shape.slice(1)])
        : [null, ...y.shape.slice(1)];
      expect(layer.computeOutputShape([null, 5, 3])).toEqual(shapes);
      tf.dispose(y);
    }
  });

  test('apply in a loop keeps the number of tensors constant (both variants, recurrent dropout)', () => {
    for (const resetAfter of [true, false]) {
      const layer = new GRU({ units: 2, resetAfter, returnSequences: true, recurrentDropout: 0.2 });
      const x = tf.ones([2, 3, 2]);
      expectNoLeak(() => layer.apply(x, { training: true }));
      x.dispose();
    }
  });
});
