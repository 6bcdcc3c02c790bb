import '@strata/backend-cpu';
import { join } from 'node:path';
import * as tf from '@strata/core';
import { LoadError, NotBuiltError } from '@strata/core';
import { Dense, Layer } from '@strata/layers';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { Model } from '../model.js';
import { Sequential } from '../sequential.js';
import { loadWeights, saveWeights } from './save-weights.js';
import {
  expectNoLeak,
  expectSameValues,
  filesIn,
  readJson,
  rejection,
  removeDir,
  snapshot,
  tempDir,
} from './saving.test-helpers.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => removeDir(dir));

/** The example: a subclassed model whose weights are named by field. */
class Mlp extends Model {
  hidden: Dense;
  out: Dense;
  constructor(hiddenUnits = 8, outUnits = 3) {
    super();
    this.hidden = new Dense({ units: hiddenUnits, activation: 'relu' });
    this.out = new Dense({ units: outUnits });
  }
  override call(x: tf.Tensor) {
    return this.out.apply(this.hidden.apply(x));
  }
}

/** Sub-layers in an array and an object, plus a weight of the model's own. */
class Blocks extends Model {
  blocks = [new Dense({ units: 4 }), new Dense({ units: 4 })];
  heads = { score: new Dense({ units: 1 }) };
  scale!: tf.Variable;
  override build() {
    this.scale = this.addWeight('scale', [1], { initializer: 'ones' });
  }
  override call(x: tf.Tensor) {
    let h = x;
    for (const block of this.blocks) h = block.apply(h);
    return tf.mul(this.heads.score.apply(h), this.scale);
  }
}

function built<M extends Model>(model: M, shape: (number | null)[]): M {
  model.build(shape);
  return model;
}

async function predictions(model: Model, x: tf.Tensor): Promise<number[]> {
  const y = model.apply(x) as tf.Tensor;
  const values = Array.from(await y.data());
  y.dispose();
  return values;
}

describe('saveWeights / loadWeights', () => {
  test('subclassed model: save, load into a new instance, same predictions; files in tfjs manifest format', async () => {
    const model = built(new Mlp(), [null, 5]);
    const x = tf.randomNormal([4, 5], 0, 1, 'float32', 1);
    const expected = await predictions(model, x);

    await expectNoLeak(() => saveWeights(model, dir));
    const files = filesIn(dir);
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^weights\.[0-9a-f]{8}\.shard1of1\.bin$/);
    expect(files[1]).toBe('weights.json');
    const json = readJson(join(dir, 'weights.json'));
    expect(json.format).toBe('strata-weights');
    expect(json.generatedBy).toBe('@strata/models');
    expect(json.modelTopology).toEqual({ weights_only: { class_name: 'Mlp', name: model.name } });
    expect(json.weightsManifest).toEqual([
      {
        paths: [files[0]],
        weights: [
          { name: 'hidden/kernel', shape: [5, 8], dtype: 'float32' },
          { name: 'hidden/bias', shape: [8], dtype: 'float32' },
          { name: 'out/kernel', shape: [8, 3], dtype: 'float32' },
          { name: 'out/bias', shape: [3], dtype: 'float32' },
        ],
      },
    ]);

    const copy = built(new Mlp(), [null, 5]);
    expect(await predictions(copy, x)).not.toEqual(expected);
    const result = await expectNoLeak(() => loadWeights(copy, dir));
    expect(result).toEqual({
      loaded: ['hidden/kernel', 'hidden/bias', 'out/kernel', 'out/bias'],
      missing: [],
      unexpected: [],
      mismatched: [],
      optimizerRestored: false,
      matchedBy: 'name',
    });
    expect(await predictions(copy, x)).toEqual(expected);
    x.dispose();
    model.dispose();
    copy.dispose();
  });

  test('paths through arrays, objects and own weights; non-trainable weights are saved too', async () => {
    const model = built(new Blocks(), [null, 3]);
    model.blocks[1]!.trainable = false;
    await saveWeights(model, dir);
    const names = readJson(join(dir, 'weights.json')).weightsManifest[0].weights.map((w: any) => w.name);
    // model.weights order: trainable first, then non-trainable (as Keras and tfjs-layers write them).
    expect(names).toEqual([
      'scale',
      'blocks/0/kernel',
      'blocks/0/bias',
      'heads/score/kernel',
      'heads/score/bias',
      'blocks/1/kernel',
      'blocks/1/bias',
    ]);
    const copy = built(new Blocks(), [null, 3]);
    await loadWeights(copy, dir);
    const x = tf.ones([2, 3]);
    expect(await predictions(copy, x)).toEqual(await predictions(model, x));
    x.dispose();
    model.dispose();
    copy.dispose();
  });

  test('an unbuilt model cannot save or load, and the error says how to build it', async () => {
    const model = new Mlp();
    await expect(saveWeights(model, dir)).rejects.toThrow(NotBuiltError);
    await expect(saveWeights(model, dir)).rejects.toThrow(
      /model\.build\(\[null, 784\]\)\) or call it once on a batch of data/,
    );
    await expect(loadWeights(model, dir)).rejects.toThrow(/is not built yet, so it has no weights to load/);
    expect(filesIn(dir)).toEqual([]);
  });

  test('nothing saved there: the error names the files looked for', async () => {
    const model = built(new Mlp(), [null, 5]);
    const error = await rejection(loadWeights(model, join(dir, 'nope')));
    expect(error).toBeInstanceOf(LoadError);
    expect(error.message).toMatch(
      /Nothing to load at '.*nope': '.*nope\/weights\.json' and '.*nope\/model\.json' do not exist/,
    );
    model.dispose();
  });
});

describe('loadWeights checks every name and shape first and changes nothing on a mismatch', () => {
  async function expectRejectedUnchanged(model: Model, source: string, pattern: RegExp[]): Promise<void> {
    const before = await snapshot(model.weights);
    const tensors = tf.memory().numTensors;
    const error = await rejection(loadWeights(model, source));
    expect(error).toBeInstanceOf(LoadError);
    for (const p of pattern) expect(error.message).toMatch(p);
    expect(error.message).toMatch(/nothing was changed/i);
    expect(tf.memory().numTensors).toBe(tensors);
    await expectSameValues(model.weights, before);
  }

  test('missing name: a field the file does not have', async () => {
    class Wider extends Mlp {
      extra = new Dense({ units: 3 });
      override call(x: tf.Tensor) {
        return this.extra.apply(super.call(x));
      }
    }
    const saved = built(new Mlp(), [null, 5]);
    await saveWeights(saved, dir);
    const model = built(new Wider(), [null, 5]);
    await expectRejectedUnchanged(model, dir, [
      /Missing from the file \(2\): extra\/kernel \[3, 3\], extra\/bias \[3\]/,
      /the layer's field, then the weight \('hidden\/kernel' is this\.hidden's kernel\)/,
      /load a file saved from the same architecture/,
      /pass \{ strict: false \}/,
    ]);
    saved.dispose();
    model.dispose();
  });

  test('unexpected name: a renamed field', async () => {
    class Renamed extends Model {
      hidden = new Dense({ units: 8, activation: 'relu' });
      head = new Dense({ units: 3 });
      override call(x: tf.Tensor) {
        return this.head.apply(this.hidden.apply(x));
      }
    }
    const saved = built(new Mlp(), [null, 5]);
    await saveWeights(saved, dir);
    const model = built(new Renamed(), [null, 5]);
    await expectRejectedUnchanged(model, dir, [
      /Missing from the file \(2\): head\/kernel \[8, 3\], head\/bias \[3\]/,
      /Not in the model \(2\): out\/kernel \[8, 3\], out\/bias \[3\]/,
    ]);
    saved.dispose();
    model.dispose();
  });

  test('wrong shape: other layer sizes', async () => {
    const saved = built(new Mlp(8, 3), [null, 5]);
    await saveWeights(saved, dir);
    const model = built(new Mlp(6, 3), [null, 5]);
    await expectRejectedUnchanged(model, dir, [
      /Other shape \(3\): hidden\/kernel is \[5, 6\] in the model, \[5, 8\] in the file, hidden\/bias is \[6\] in the model, \[8\] in the file, out\/kernel is \[6, 3\] in the model, \[8, 3\] in the file/,
      /make the model with the sizes it was saved with/,
    ]);
    saved.dispose();
    model.dispose();
  });

  test('strict: false loads what fits and reports the rest', async () => {
    const saved = built(new Mlp(8, 3), [null, 5]);
    await saveWeights(saved, dir);
    const model = built(new Mlp(8, 2), [null, 5]);
    const outBefore = await snapshot([model.out.weights[0]!]);
    const result = await expectNoLeak(() => loadWeights(model, dir, { strict: false }));
    expect(result.loaded).toEqual(['hidden/kernel', 'hidden/bias']);
    expect(result.mismatched).toEqual(['out/kernel', 'out/bias']);
    expect(Array.from(await model.hidden.weights[0]!.data())).toEqual(
      Array.from(await saved.hidden.weights[0]!.data()),
    );
    await expectSameValues([model.out.weights[0]!], outBefore);
    saved.dispose();
    model.dispose();
  });

  test('a truncated .bin is reported with its size; nothing changes', async () => {
    const { readdirSync, truncateSync } = await import('node:fs');
    const saved = built(new Mlp(), [null, 5]);
    await saveWeights(saved, dir);
    const shard = readdirSync(dir).find((f) => f.endsWith('.bin'))!;
    truncateSync(join(dir, shard), 40);
    const model = built(new Mlp(), [null, 5]);
    await expectRejectedUnchanged(model, dir, [
      /has 40 bytes of weight data, but its manifest describes 300/,
    ]);
    saved.dispose();
    model.dispose();
  });
});

describe('Sequential and functional models', () => {
  test('weights are named <layer name>/<weight>; a copy with other default names loads by order, as in Keras 2', async () => {
    const make = (units = 2) =>
      new Sequential([new Dense({ units: 4, inputShape: [3] }), new Dense({ units, activation: 'softmax' })]);
    const model = make();
    await saveWeights(model, dir);
    const names = readJson(join(dir, 'weights.json')).weightsManifest[0].weights.map((w: any) => w.name);
    const [first, second] = model.layers.map((l) => l.name);
    expect(names).toEqual([`${first}/kernel`, `${first}/bias`, `${second}/kernel`, `${second}/bias`]);

    const copy = make();
    expect(copy.layers[0]!.name).not.toBe(first);
    expect((await loadWeights(copy, dir)).matchedBy).toBe('order');
    const x = tf.ones([1, 3]);
    expect(await predictions(copy, x)).toEqual(await predictions(model, x));

    // Neither names nor shapes in order fit: the error says how to make names match.
    const other = make(5);
    await expect(loadWeights(other, dir)).rejects.toThrow(
      /or by order when the model has as many weights with the same shapes; neither fits\. Give layers explicit names/,
    );
    x.dispose();
    for (const m of [model, copy, other]) m.dispose();
  });
});

describe('includeOptimizer', () => {
  test('optimizer state is saved after the weights (group optimizer) and restored into a compiled model', async () => {
    const x = tf.randomNormal([8, 5], 0, 1, 'float32', 2);
    const y = tf.randomNormal([8, 3], 0, 1, 'float32', 3);
    const model = built(new Mlp(), [null, 5]);
    model.compile({ optimizer: 'adam', loss: 'mse' });
    await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, shuffle: false });
    await expectNoLeak(() => saveWeights(model, dir, { includeOptimizer: true }));
    const specs = readJson(join(dir, 'weights.json')).weightsManifest[0].weights;
    expect(specs.filter((s: any) => s.group === 'optimizer').map((s: any) => s.name)).toEqual([
      'iter',
      'hidden/kernel/momentum',
      'hidden/bias/momentum',
      'out/kernel/momentum',
      'out/bias/momentum',
      'hidden/kernel/velocity',
      'hidden/bias/velocity',
      'out/kernel/velocity',
      'out/bias/velocity',
    ]);

    const copy = built(new Mlp(), [null, 5]);
    copy.compile({ optimizer: 'adam', loss: 'mse' });
    const result = await loadWeights(copy, dir);
    expect(result.optimizerRestored).toBe(true);
    expect((copy.optimizer as unknown as { iterations: number }).iterations).toBe(4);
    // One more identical step from both: the same weights only if Adam's moments and step count came back.
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    await copy.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    for (const [i, w] of model.weights.entries()) {
      tf.test_util.expectArraysClose(await copy.weights[i]!.data(), await w.data(), 1e-6);
    }

    // Without compile the optimizer part is skipped; asking for it explains why it cannot be.
    const plain = built(new Mlp(), [null, 5]);
    expect((await loadWeights(plain, dir)).optimizerRestored).toBe(false);
    await expect(loadWeights(plain, dir, { includeOptimizer: true })).rejects.toThrow(
      /is not compiled: compile it before loading its optimizer state/,
    );
    await expect(saveWeights(plain, dir, { includeOptimizer: true })).rejects.toThrow(
      /is not compiled, so it has no optimizer state to save/,
    );
    tf.dispose([x, y]);
    model.dispose();
    copy.dispose();
    plain.dispose();
  });
});

// A custom layer holding its own weights and a nested layer, used directly as the saved object.
test('any Layer saves and loads its weights by path, not only models', async () => {
  class Residual extends Layer {
    static override readonly className = 'Residual';
    inner = new Dense({ units: 2 });
    gate!: tf.Variable;
    override build(shape: (number | null)[]) {
      this.gate = this.addWeight('gate', [shape.at(-1) as number]);
    }
    override call(x: tf.Tensor | tf.Tensor[]) {
      const input = x as tf.Tensor;
      return tf.add(tf.mul(input, this.gate), this.inner.apply(input));
    }
  }
  const layer = new Residual();
  const x = tf.ones([1, 2]);
  tf.dispose(layer.apply(x));
  await saveWeights(layer, dir);
  expect(readJson(join(dir, 'weights.json')).weightsManifest[0].weights.map((w: any) => w.name)).toEqual([
    'gate',
    'inner/kernel',
    'inner/bias',
  ]);
  const copy = new Residual();
  tf.dispose(copy.apply(x));
  await loadWeights(copy, dir);
  const [a, b] = [layer.apply(x), copy.apply(x)];
  expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
  tf.dispose([x, a, b]);
  layer.dispose();
  copy.dispose();
});
