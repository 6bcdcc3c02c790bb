import '@strata/backend-cpu';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@strata/core';
import { LoadError, StrataError } from '@strata/core';
import { Dense, Layer, registerLayer } from '@strata/layers';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import '../functional/index.js';
import { Functional } from '../functional/functional.js';
import { Input } from '../input.js';
import { Model } from '../model.js';
import { Sequential } from '../sequential.js';
import { loadModel, saveModel } from './save-model.js';
import { saveWeights } from './save-weights.js';
import { expectNoLeak, readJson, rejection, removeDir, tempDir } from './saving.test-helpers.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => removeDir(dir));

async function predictions(model: Model, x: tf.Tensor | tf.Tensor[]): Promise<number[]> {
  const y = model.apply(x) as tf.Tensor;
  const values = Array.from(await y.data());
  y.dispose();
  return values;
}

/** A subclassed model made loadable: className, getConfig with its constructor arguments, registered. */
class Classifier extends Model {
  static override readonly className = 'Classifier';
  readonly units: number;
  readonly mode: 'Plain' | 'Doubled';
  hidden: Dense;
  out: Dense;
  constructor(args: { units: number; mode?: 'Plain' | 'Doubled'; name?: string }) {
    super(args.name === undefined ? {} : { name: args.name });
    this.units = args.units;
    this.mode = args.mode ?? 'Plain';
    this.hidden = new Dense({ units: args.units, activation: 'relu' });
    this.out = new Dense({ units: 2 });
  }
  override call(x: tf.Tensor) {
    const y = this.out.apply(this.hidden.apply(x));
    return this.mode === 'Doubled' ? tf.mul(y, 2) : y;
  }
  override getConfig() {
    return { ...super.getConfig(), units: this.units, mode: this.mode };
  }
}
registerLayer(Classifier);

describe('saveModel / loadModel round trips', () => {
  test('Sequential: same class, layers, config and predictions; nothing leaks', async () => {
    const model = new Sequential(
      [new Dense({ units: 4, inputShape: [3], activation: 'relu' }), new Dense({ units: 2 })],
      {
        name: 'mlp',
      },
    );
    const x = tf.randomNormal([5, 3], 0, 1, 'float32', 1);
    await expectNoLeak(() => saveModel(model, dir));
    const copy = await expectNoLeak(() => loadModel(dir), 4);
    expect(copy).toBeInstanceOf(Sequential);
    expect(copy.name).toBe('mlp');
    // Saving the copy writes the same topology.
    await saveModel(copy, join(dir, 'again'));
    expect(readJson(join(dir, 'again', 'model.json')).modelTopology).toEqual(
      readJson(join(dir, 'model.json')).modelTopology,
    );
    expect(await predictions(copy, x)).toEqual(await predictions(model, x));
    x.dispose();
    model.dispose();
    copy.dispose();
  });

  test('functional model with two outputs', async () => {
    const inputs = Input({ shape: [3], name: 'features' });
    const h = new Dense({ units: 4, activation: 'relu', name: 'trunk' }).apply(inputs);
    const model = new Model({
      inputs,
      outputs: [
        new Dense({ units: 1, name: 'score' }).apply(h),
        new Dense({ units: 2, name: 'cls' }).apply(h),
      ],
    });
    await saveModel(model, dir);
    const copy = await loadModel(dir);
    expect(copy).toBeInstanceOf(Functional);
    const x = tf.randomNormal([2, 3], 0, 1, 'float32', 2);
    const [a, b] = [model.apply(x) as unknown as tf.Tensor[], copy.apply(x) as unknown as tf.Tensor[]];
    for (const i of [0, 1]) expect(Array.from(await b[i]!.data())).toEqual(Array.from(await a[i]!.data()));
    tf.dispose([x, ...a, ...b]);
    model.dispose();
    copy.dispose();
  });

  test('a registered subclassed model with getConfig: rebuilt from its config and built input shape', async () => {
    const model = new Classifier({ units: 5, mode: 'Doubled', name: 'clf' });
    model.build([null, 3]);
    await saveModel(model, dir);
    const topology = readJson(join(dir, 'model.json')).modelTopology;
    // Its own config is kept as written (snake_case conversion would turn 'Doubled' into 'doubled').
    expect(topology).toMatchObject({
      class_name: 'Classifier',
      config: { name: 'clf', units: 5, mode: 'Doubled' },
      strata: { weight_names: 'path', config_case: 'camelCase', build_input_shape: [null, 3] },
    });
    const copy = await loadModel(dir);
    expect(copy).toBeInstanceOf(Classifier);
    expect((copy as Classifier).mode).toBe('Doubled');
    const x = tf.randomNormal([2, 3], 0, 1, 'float32', 3);
    expect(await predictions(copy, x)).toEqual(await predictions(model, x));
    x.dispose();
    model.dispose();
    copy.dispose();
  });

  test('loadModel({ compile }) resumes training: optimizer state saved with includeOptimizer comes back', async () => {
    const x = tf.randomNormal([8, 3], 0, 1, 'float32', 4);
    const y = tf.randomNormal([8, 2], 0, 1, 'float32', 5);
    const model = new Sequential([new Dense({ units: 4, inputShape: [3] }), new Dense({ units: 2 })]);
    model.compile({ optimizer: 'adam', loss: 'mse' });
    await model.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0 });
    await saveModel(model, dir, { includeOptimizer: true });
    const copy = await loadModel(dir, { compile: { optimizer: 'adam', loss: 'mse' } });
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    await copy.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    for (const [i, w] of model.weights.entries()) {
      tf.test_util.expectArraysClose(await copy.weights[i]!.data(), await w.data(), 1e-6);
    }
    tf.dispose([x, y]);
    model.dispose();
    copy.dispose();
  });
});

describe('what cannot be saved or loaded says why and how to fix it', () => {
  test('a subclassed model that is not registered or has no getConfig', async () => {
    class Plain extends Model {
      hidden = new Dense({ units: 2 });
      override call(x: tf.Tensor) {
        return this.hidden.apply(x);
      }
    }
    const model = new Plain();
    model.build([null, 3]);
    const error = await rejection(saveModel(model, dir));
    expect(StrataError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(
      /Model 'plain(_\d+)?' \(Plain\) cannot be saved whole: its class is not registered \(registerLayer\(Plain\)\) and it does not implement getConfig\(\)/,
    );
    expect(error.message).toMatch(/save its weights with model\.saveWeights\(path\)/);
    expect(error.message).toMatch(/static override readonly className = 'Plain'/);

    class Registered extends Plain {
      static override readonly className = 'Registered';
    }
    registerLayer(Registered);
    const registered = new Registered();
    registered.build([null, 3]);
    await expect(saveModel(registered, dir)).rejects.toThrow(
      /cannot be saved whole: it does not implement getConfig\(\) \(the constructor arguments to make it again\)\. Either/,
    );
    model.dispose();
    registered.dispose();
  });

  test('an unknown layer class names the class and registerLayer, before any weight is made', async () => {
    class Scale extends Layer {
      static override readonly className = 'ScaleNeverRegistered';
      override call(x: tf.Tensor | tf.Tensor[]) {
        return tf.mul(x as tf.Tensor, 2);
      }
    }
    const model = new Sequential([
      new Dense({ units: 2, inputShape: [3] }),
      new Scale(),
      new Dense({ units: 1 }),
    ]);
    await saveModel(model, dir);
    model.dispose();
    const variables = Object.keys(tf.engine().registeredVariables).length;
    const error = await expectNoLeak(() => rejection(loadModel(dir)));
    expect(error).toBeInstanceOf(LoadError);
    expect(error.message).toMatch(
      /it uses the layer class 'ScaleNeverRegistered', which is not registered\. If ScaleNeverRegistered is your own class, give it `static override readonly className = 'ScaleNeverRegistered'` and call registerLayer\(ScaleNeverRegistered\) before loading/,
    );
    expect(Object.keys(tf.engine().registeredVariables).length).toBe(variables);
  });

  test('weights that do not fit the topology: the half-made model is disposed, no tensor or variable leaks', async () => {
    const model = new Sequential([new Dense({ units: 4, inputShape: [3] }), new Dense({ units: 2 })]);
    await saveModel(model, dir);
    model.dispose();
    const json = readJson(join(dir, 'model.json'));
    json.modelTopology.config.layers[1].config.units = 3; // the saved dense_1 kernel is [4, 2]
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    const variables = Object.keys(tf.engine().registeredVariables).length;
    const error = await expectNoLeak(() => rejection(loadModel(dir)));
    expect(error.message).toMatch(
      /Other shape \(2\): .*\/kernel is \[4, 3\] in the model, \[4, 2\] in the file/,
    );
    expect(Object.keys(tf.engine().registeredVariables).length).toBe(variables);
  });

  test('a config that fails halfway through construction leaves no variables behind', async () => {
    const model = new Sequential([new Dense({ units: 4, inputShape: [3] }), new Dense({ units: 2 })]);
    await saveModel(model, dir);
    model.dispose();
    const json = readJson(join(dir, 'model.json'));
    json.modelTopology.config.layers[1].config.units = -1; // the first Dense is built before this one fails
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    const variables = Object.keys(tf.engine().registeredVariables).length;
    const error = await expectNoLeak(() => rejection(loadModel(dir)));
    expect(StrataError.isInstance(error)).toBe(true);
    expect(Object.keys(tf.engine().registeredVariables).length).toBe(variables);
  });

  test('weights-only files, graph models and non-model files are told apart', async () => {
    const model = new Sequential([new Dense({ units: 2, inputShape: [3] })]);
    await saveWeights(model, dir);
    await expect(loadModel(join(dir, 'weights.json'))).rejects.toThrow(
      /holds only the weights of a Sequential \(saved with saveWeights\)\. Make the model in code and call model\.loadWeights\(source\)/,
    );
    await expect(loadModel(dir)).rejects.toThrow(/Nothing to load at '.*': '.*model\.json' does not exist/);
    const graphModel = tf.io.fromMemory({ modelTopology: { node: [] }, format: 'graph-model' });
    await expect(loadModel(graphModel)).rejects.toThrow(/is a TensorFlow graph model .* tf\.loadGraphModel/);
    const weightsOnly = tf.io.fromMemory({ weightSpecs: [], weightData: new ArrayBuffer(0) });
    await expect(loadModel(weightsOnly)).rejects.toThrow(
      /the IOHandler holds no model topology, only weights/,
    );
    await expect(loadModel(tf.io.fromMemory({ modelTopology: { layers: [] } }))).rejects.toThrow(
      /has no Keras model topology \(\{ class_name, config \}\); it was not written by saving a model/,
    );
    model.dispose();
  });
});
