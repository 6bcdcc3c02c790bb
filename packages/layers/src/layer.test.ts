import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { type CallArgs, Layer } from './layer.js';
import { resetLayerNames } from './naming.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

// The Keras guide "Making new layers and models via subclassing", in TypeScript.
class Linear extends Layer {
  static override readonly className = 'Linear';
  w!: tf.Variable;
  b!: tf.Variable;
  constructor(readonly units = 32) {
    super();
  }
  override build(inputShape: tf.Shape) {
    this.w = this.addWeight('w', [inputShape.at(-1)!, this.units], { initializer: 'randomNormal' });
    this.b = this.addWeight('b', [this.units], { initializer: 'zeros' });
  }
  override call(x: tf.Tensor) {
    return tf.add(tf.matMul(x, this.w), this.b);
  }
}

class MLPBlock extends Layer {
  static override readonly className = 'MLPBlock';
  linear1 = new Linear(32);
  linear2 = new Linear(32);
  linear3 = new Linear(1);
  override call(x: tf.Tensor) {
    return this.linear3.apply(tf.relu(this.linear2.apply(tf.relu(this.linear1.apply(x)))));
  }
}

describe('custom layers (the Keras tutorial)', () => {
  test('Linear builds on first apply from the input shape and computes x·w + b', async () => {
    const layer = new Linear(4);
    expect(layer.built).toBe(false);
    const y = layer.apply(tf.ones([2, 2]));
    expect(layer.built).toBe(true);
    expect(y.shape).toEqual([2, 4]);
    const expected = tf.tidy(() => tf.ones([2, 2]).matMul(layer.w));
    tf.test_util.expectArraysClose(await y.data(), await expected.data());
    expect(layer.weights.map((w) => w.shape)).toEqual([[2, 4], [4]]);
    expect(layer.countParams()).toBe(12);
    tf.dispose([y, expected]);
    layer.dispose();
  });

  test('a layer nesting layers tracks their weights: MLPBlock has 6 weights and 1,153 params for 64 inputs', () => {
    const mlp = new MLPBlock();
    const y = mlp.apply(tf.ones([3, 64]));
    expect(y.shape).toEqual([3, 1]);
    expect(mlp.layers).toEqual([mlp.linear1, mlp.linear2, mlp.linear3]);
    expect(mlp.weights).toHaveLength(6);
    expect(mlp.trainableWeights).toHaveLength(6);
    // 64·32+32 + 32·32+32 + 32·1+1
    expect(mlp.countParams()).toBe(64 * 32 + 32 + 32 * 32 + 32 + 32 + 1);
    expect(mlp.weightInfo().map((w) => w.path)).toEqual([
      'linear1/w',
      'linear1/b',
      'linear2/w',
      'linear2/b',
      'linear3/w',
      'linear3/b',
    ]);
    y.dispose();
    mlp.dispose();
  });

  test('layers in arrays and objects, changed after assignment, are tracked once each', () => {
    class Holder extends Layer {
      static override readonly className = 'Holder';
      blocks: Layer[] = [new Linear(2)];
      heads: Record<string, Layer> = {};
      override call(x: tf.Tensor) {
        return x;
      }
    }
    const holder = new Holder();
    const shared = new Linear(3);
    holder.blocks.push(shared);
    holder.heads.main = shared;
    holder.heads.aux = new Linear(1);
    expect(holder.trackedLayers().map((c) => c.path)).toEqual(['blocks/0', 'blocks/1', 'heads/aux']);
    holder.blocks.splice(0, 1);
    expect(holder.layers).toHaveLength(2);
  });

  test('build() not calling super.build() still marks the layer built, and apply builds only once', () => {
    let builds = 0;
    class Counting extends Linear {
      override build(shape: tf.Shape) {
        builds++;
        super.build(shape);
      }
    }
    const layer = new Counting(2);
    layer.build([null, 3]);
    expect(layer.built).toBe(true);
    tf.dispose(layer.apply(tf.ones([1, 3])));
    expect(builds).toBe(1);
    layer.dispose();
  });
});

describe('apply', () => {
  test('training reaches nested layers through the call context, an explicit value wins, and a throw leaves it clean', () => {
    const seen: Array<[string, boolean | undefined]> = [];
    class Probe extends Layer {
      static override readonly className = 'Probe';
      override call(x: tf.Tensor, kwargs: CallArgs) {
        seen.push([this.name, kwargs.training]);
        return tf.clone(x);
      }
    }
    class Outer extends Layer {
      static override readonly className = 'Outer';
      inner = new Probe({ name: 'inner' });
      forced = new Probe({ name: 'forced' });
      explode = false;
      override call(x: tf.Tensor) {
        if (this.explode) throw new Error('boom');
        // does not pass `training` on to `inner`
        return this.forced.apply(this.inner.apply(x), { training: false });
      }
    }
    const outer = new Outer();
    tf.dispose(outer.apply(tf.ones([1, 1]), { training: true }));
    expect(seen).toEqual([
      ['inner', true],
      ['forced', false],
    ]);
    outer.explode = true;
    expect(() => outer.apply(tf.ones([1, 1]), { training: true })).toThrow('boom');
    seen.length = 0;
    tf.dispose(outer.inner.apply(tf.ones([1, 1])));
    expect(seen).toEqual([['inner', false]]);
  });

  test('a wrong input shape after build names the layer, the expected and the received shape', () => {
    const layer = new Linear(2);
    tf.dispose(layer.apply(tf.ones([4, 3])));
    const x = tf.ones([4, 5]);
    expect(() => layer.apply(x)).toThrow(
      /Layer 'linear(_\d+)?' \(Linear\) expected an input of shape \[null, 3\].*got shape \[4, 5\]/,
    );
    x.dispose();
    layer.dispose();
  });

  test('non-tensor input and call() returning a non-tensor are clear errors', () => {
    const layer = new Linear(2);
    expect(() => layer.apply([1, 2] as unknown as tf.Tensor)).toThrow(
      /expects a Tensor.*got an array whose item 0 is number.*tf\.tensor/,
    );
    class Bad extends Layer {
      static override readonly className = 'Bad';
      override call() {
        return 42 as unknown as tf.Tensor;
      }
    }
    expect(() => new Bad().apply(tf.ones([1]))).toThrow(/call\(\) returned number.*Return the output tensor/);
    class NoCall extends Layer {
      static override readonly className = 'NoCall';
    }
    expect(() => new NoCall().apply(tf.ones([1]))).toThrow(/Override call\(inputs, kwargs\)/);
  });

  test('apply in a loop keeps numTensors constant (regularization losses replaced, not accumulated)', () => {
    class Regularized extends Layer {
      static override readonly className = 'Regularized';
      w!: tf.Variable;
      override build(shape: tf.Shape) {
        this.w = this.addWeight('w', [shape.at(-1)!, 2], { regularizer: 'l2' });
      }
      override call(x: tf.Tensor) {
        return tf.relu(tf.matMul(x, this.w)).mul(2);
      }
    }
    const layer = new Regularized();
    const x = tf.ones([2, 3]);
    tf.dispose(layer.apply(x));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.dispose(layer.apply(x));
    expect(tf.memory().numTensors).toBe(before);
    expect(layer.losses).toHaveLength(1);
    const expected = tf.tidy(() => tf.square(layer.w).sum().mul(0.01));
    tf.test_util.expectArraysClose(layer.losses[0]!.dataSync(), expected.dataSync());
    tf.dispose([x, expected]);
    layer.dispose();
  });
});

describe('weights', () => {
  test('setWeights checks every shape first: a mismatch throws and changes nothing', async () => {
    const layer = new Linear(2);
    tf.dispose(layer.apply(tf.ones([1, 3])));
    const before = layer.getWeights();
    expect(() => layer.setWeights([tf.zeros([3, 2]), tf.zeros([5])])).toThrow(
      /setWeights for weight 'b'.*expected shape \[2\], got shape \[5\]/,
    );
    expect(() => layer.setWeights([tf.zeros([3, 2])])).toThrow(
      /expected 2 tensors \(w \[3, 2\], b \[2\]\), got 1/,
    );
    const after = layer.getWeights();
    expect(await after[0]!.data()).toEqual(await before[0]!.data());
    layer.setWeights([tf.ones([3, 2]), tf.ones([2])]);
    expect(await layer.w.data()).toEqual(new Float32Array(6).fill(1));
    tf.dispose([...before, ...after]);
    layer.dispose();
  });

  test('trainable = false moves weights to non-trainable, for sub-layers too', () => {
    const mlp = new MLPBlock();
    tf.dispose(mlp.apply(tf.ones([1, 4])));
    mlp.linear2.trainable = false;
    expect(mlp.trainableWeights).toHaveLength(4);
    expect(mlp.nonTrainableWeights).toEqual([mlp.linear2.w, mlp.linear2.b]);
    mlp.trainable = false;
    expect(mlp.trainableWeights).toHaveLength(0);
    expect(mlp.linear1.w.trainable).toBe(false);
    mlp.dispose();
  });

  test('countParams before build says how to build', () => {
    expect(() => new Linear(2).countParams()).toThrow(/build\(inputShape\) or apply it to data/);
  });

  test('default names are unique and Keras-style', () => {
    resetLayerNames();
    class Conv2DLike extends Layer {
      static override readonly className = 'Conv2D';
    }
    class BatchNormalizationLike extends Layer {
      static override readonly className = 'BatchNormalization';
    }
    expect([new Conv2DLike().name, new Conv2DLike().name, new BatchNormalizationLike().name]).toEqual([
      'conv2d',
      'conv2d_1',
      'batch_normalization',
    ]);
  });
});
