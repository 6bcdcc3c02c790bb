import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { Dense } from '../core/dense.js';
import { Layer, type LayerArgs } from '../layer.js';
import { registerLayer } from '../serialization.js';
import { runLayerTest } from './run-layer-test.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

// Layers that break one part of the contract each, to show runLayerTest catches it.
class Doubler extends Layer {
  static override readonly className: string = 'TestDoubler';
  override call(x: tf.Tensor | tf.Tensor[]) {
    return tf.mul(x as tf.Tensor, 2);
  }
}
class WrongShape extends Doubler {
  static override readonly className = 'TestWrongShape';
  override computeOutputShape(shape: tf.Shape): tf.Shape {
    return [...shape, 1];
  }
}
const kept: tf.Tensor[] = [];
class Leaky extends Doubler {
  static override readonly className = 'TestLeaky';
  override call(x: tf.Tensor | tf.Tensor[]) {
    kept.push(tf.keep(tf.add(x as tf.Tensor, 1)));
    return tf.mul(x as tf.Tensor, 2);
  }
}
// getConfig forgets `factor`, so fromConfig builds a layer that computes something else.
class Scaler extends Layer {
  static override readonly className = 'TestScaler';
  readonly factor: number;
  constructor(args: LayerArgs & { factor?: number } = {}) {
    super(args);
    this.factor = args.factor ?? 2;
  }
  override call(x: tf.Tensor | tf.Tensor[]) {
    return tf.mul(x as tf.Tensor, this.factor);
  }
}
for (const cls of [Doubler, WrongShape, Leaky, Scaler]) registerLayer(cls);

describe('runLayerTest', () => {
  test('passes a correct layer (Dense, by hand: four 1·1 products)', () => {
    const weights = [tf.ones([4, 3]), tf.zeros([3])];
    const input = tf.ones([2, 4]);
    runLayerTest(
      Dense,
      { units: 3 },
      {
        inputShape: [2, 4],
        expectedOutputShape: [2, 3],
        expectedTrainableWeights: 2,
        weights,
        input,
        expectedOutput: tf.fill([2, 3], 4),
      },
    );
    tf.dispose([...weights, input]);
  });

  test('catches a wrong output shape', () => {
    expect(() => runLayerTest(Doubler, {}, { inputShape: [2, 3], expectedOutputShape: [2, 4] })).toThrow(
      /runLayerTest\(TestDoubler\): apply\(\) returned shape \[2, 3\], expected \[2, 4\]/,
    );
  });

  test('catches computeOutputShape disagreeing with apply', () => {
    expect(() => runLayerTest(WrongShape, {}, { inputShape: [2, 3] })).toThrow(
      /computeOutputShape\(\[2, 3\]\) is \[2, 3, 1\], but apply\(\) returned \[2, 3\]/,
    );
  });

  test('catches wrong output values and weight counts', () => {
    const input = tf.ones([1, 2]);
    expect(() => runLayerTest(Doubler, {}, { inputShape: [1, 2], input, expectedOutput: [[2, 3]] })).toThrow(
      /output differs at flat index 1: got 2, expected 3/,
    );
    expect(() => runLayerTest(Doubler, {}, { inputShape: [1, 2], expectedTrainableWeights: 1 })).toThrow(
      /expected 1 trainable weights, got 0/,
    );
    input.dispose();
  });

  test('catches a leak in call()', () => {
    expect(() => runLayerTest(Leaky, {}, { inputShape: [1, 2] })).toThrow(/call\(\) leaks 1/);
    tf.dispose(kept);
  });

  test('catches a config that does not rebuild the layer', () => {
    expect(() => runLayerTest(Scaler, { factor: 3 } as LayerArgs, { inputShape: [1, 2] })).toThrow(
      /fromConfig clone output differs/,
    );
  });

  test('leaves numTensors unchanged', () => {
    const before = tf.memory().numTensors;
    runLayerTest(
      Dense,
      { units: 2, activation: 'relu' },
      { inputShape: [3, 5], expectedOutputShape: [3, 2] },
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
