import '@strata/backend-cpu';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@strata/core';
import { BatchNormalization, Concatenate, Conv2D, Dense, Dropout, Flatten } from '@strata/layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import '../functional/index.js';
import { Input } from '../input.js';
import { Model } from '../model.js';
import { Sequential } from '../sequential.js';
import { loadModel, saveModel } from './save-model.js';
import { loadWeights } from './save-weights.js';
import {
  expectNoLeak,
  memoryHandler,
  readArtifacts,
  readJson,
  removeDir,
  tempDir,
  writeArtifactsLikeTfjsNode,
} from './saving.test-helpers.js';

// tfjs-layers has no file:// handler in Node (that is tfjs-node's), so files go to and from it through
// tf.io.fromMemory / tf.io.withSaveHandler, read and written here exactly as tfjs-node's handler lays them out.

beforeAll(async () => {
  await tf.useBackend('cpu');
});

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => removeDir(dir));

/** Random weights, with positive BatchNormalization variances, so every weight matters to the predictions. */
function randomize(weights: { shape: (number | null)[]; name: string }[], seed: number): tf.Tensor[] {
  // Weight shapes are fully known; tfjs-layers types them as possibly null.
  return weights.map((w, i) =>
    /moving_variance/.test(w.name)
      ? tf.randomUniform(w.shape as number[], 0.5, 1.5, 'float32', seed + i)
      : tf.randomUniform(w.shape as number[], -0.5, 0.5, 'float32', seed + i),
  );
}

async function predict(
  model: { predict?: unknown; apply?: unknown },
  x: tf.Tensor | tf.Tensor[],
): Promise<Float32Array> {
  const y = (
    'predict' in model && typeof model.predict === 'function' && model instanceof tfl.LayersModel
      ? model.predict(x)
      : (model as Model).apply(x)
  ) as tf.Tensor;
  const values = (await y.data()) as Float32Array;
  y.dispose();
  return values;
}

/** A tfjs-layers LayersModel's artifacts, as its model.save() hands them to a save handler. */
async function tfjsArtifacts(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  const handler = memoryHandler();
  await model.save(tf.io.withSaveHandler(handler.save!));
  return handler.artifacts!;
}

function convNet(): Sequential {
  return new Sequential([
    new Conv2D({ filters: 3, kernelSize: 3, activation: 'relu', inputShape: [6, 6, 2] }),
    new BatchNormalization({}),
    new Dropout({ rate: 0.3 }),
    new Flatten({}),
    new Dense({ units: 4, activation: 'softmax' }),
  ]);
}

function tfjsConvNet(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ filters: 3, kernelSize: 3, activation: 'relu', inputShape: [6, 6, 2] }),
      tfl.layers.batchNormalization(),
      tfl.layers.dropout({ rate: 0.3 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 4, activation: 'softmax' }),
    ],
  });
}

describe('Strata saves, tfjs-layers loads (tf.loadLayersModel)', () => {
  test('Sequential with Conv2D, BatchNormalization, Dropout, Flatten, Dense: same predictions', async () => {
    const model = convNet();
    model.setWeights(
      randomize(
        model.weights.map((w) => ({ shape: w.shape, name: w.name })),
        10,
      ),
    );
    const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 1);
    const ours = await predict(model, x);
    await expectNoLeak(() => saveModel(model, dir));

    const json = readJson(join(dir, 'model.json'));
    expect(json.format).toBe('layers-model');
    expect(json.modelTopology.class_name).toBe('Sequential');
    expect(json.modelTopology.config.layers[0].config).toMatchObject({
      batch_input_shape: [null, 6, 6, 2],
      kernel_size: [3, 3],
      data_format: 'channels_last',
    });
    const [conv, bn, , , dense] = model.layers.map((l) => l.name);
    expect(json.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toEqual([
      `${conv}/kernel`,
      `${conv}/bias`,
      `${bn}/gamma`,
      `${bn}/beta`,
      `${dense}/kernel`,
      `${dense}/bias`,
      `${bn}/moving_mean`,
      `${bn}/moving_variance`,
    ]);

    // tfjs-layers would register variables named like ours ('conv2d/kernel') and refuses taken names.
    model.dispose();
    const theirs = await tfl.loadLayersModel(tf.io.fromMemory(readArtifacts(join(dir, 'model.json'))));
    expect(theirs.layers.map((l) => l.getClassName())).toEqual([
      'Conv2D',
      'BatchNormalization',
      'Dropout',
      'Flatten',
      'Dense',
    ]);
    tf.test_util.expectArraysClose(await predict(theirs, x), ours, 1e-5);
    theirs.dispose();
    x.dispose();
  });

  test('functional model with two inputs, a shared layer and a nested Sequential: same predictions', async () => {
    const a = Input({ shape: [4], name: 'a' });
    const b = Input({ shape: [4], name: 'b' });
    const shared = new Dense({ units: 3, activation: 'tanh', name: 'shared' });
    const block = new Sequential([new Dense({ units: 3, inputShape: [6], name: 'inner' })], {
      name: 'block',
    });
    const joined = new Concatenate({ name: 'join' }).apply([shared.apply(a), shared.apply(b)]);
    const model = new Model({ inputs: [a, b], outputs: block.apply(joined), name: 'siamese' });
    model.setWeights(
      randomize(
        model.weights.map((w) => ({ shape: w.shape, name: w.name })),
        20,
      ),
    );
    const xs = [tf.randomNormal([3, 4], 0, 1, 'float32', 2), tf.randomNormal([3, 4], 0, 1, 'float32', 3)];
    const ours = await predict(model, xs);
    await saveModel(model, dir);
    // tfjs-layers names a layer inside a nested model by itself alone: 'inner/kernel', not 'block/inner/kernel'.
    expect(
      readJson(join(dir, 'model.json')).weightsManifest[0].weights.map((w: { name: string }) => w.name),
    ).toEqual(['shared/kernel', 'shared/bias', 'inner/kernel', 'inner/bias']);
    model.dispose();
    const theirs = await tfl.loadLayersModel(tf.io.fromMemory(readArtifacts(join(dir, 'model.json'))));
    expect(theirs.name).toBe('siamese');
    tf.test_util.expectArraysClose(await predict(theirs, xs), ours, 1e-5);
    theirs.dispose();
    tf.dispose(xs);
  });
});

describe('tfjs-layers saves (model.save), Strata loads', () => {
  test('Sequential with default tfjs names (conv2d_Conv2D1/kernel): same predictions, no leak', async () => {
    const theirs = tfjsConvNet();
    theirs.setWeights(
      randomize(
        theirs.weights.map((w) => ({ shape: w.shape, name: w.name })),
        30,
      ),
    );
    const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 4);
    const reference = await predict(theirs, x);
    const artifacts = await tfjsArtifacts(theirs);
    expect(artifacts.weightSpecs!.map((s) => s.name)[0]).toMatch(/^conv2d_Conv2D\d+\/kernel$/);
    writeArtifactsLikeTfjsNode(dir, artifacts);

    const ours = await expectNoLeak(() => loadModel(dir), 8);
    expect(ours).toBeInstanceOf(Sequential);
    expect(ours.layers.map((l) => l.name)).toEqual(theirs.layers.map((l) => l.name));
    tf.test_util.expectArraysClose(await predict(ours, x), reference, 1e-5);
    // And loadWeights reads their model.json into a model made in code with the same layer names.
    const again = new Sequential(theirs.layers.map((l) => deserializeLike(l)));
    const result = await loadWeights(again, join(dir, 'model.json'));
    expect(result.matchedBy).toBe('name');
    tf.test_util.expectArraysClose(await predict(again, x), reference, 1e-5);
    theirs.dispose();
    ours.dispose();
    again.dispose();
    x.dispose();
  });

  test('functional model from tfjs-layers (LSTM and Dense), through an in-memory IOHandler', async () => {
    const input = tfl.input({ shape: [5, 3] });
    const seq = tfl.layers.lstm({ units: 4, returnSequences: false }).apply(input) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ units: 2 }).apply(seq) as tfl.SymbolicTensor;
    const theirs = tfl.model({ inputs: input, outputs: out });
    theirs.setWeights(
      randomize(
        theirs.weights.map((w) => ({ shape: w.shape, name: w.name })),
        40,
      ),
    );
    const x = tf.randomNormal([2, 5, 3], 0, 1, 'float32', 5);
    const reference = await predict(theirs, x);
    const artifacts = await tfjsArtifacts(theirs);
    const ours = await loadModel(tf.io.fromMemory(artifacts));
    expect(ours.layers.map((l) => l.constructor.name)).toEqual(['InputLayer', 'LSTM', 'Dense']);
    tf.test_util.expectArraysClose(await predict(ours, x), reference, 1e-5);
    theirs.dispose();
    ours.dispose();
    x.dispose();
  });

  test('round trip tfjs-layers → Strata → tfjs-layers keeps the predictions', async () => {
    const theirs = tfjsConvNet();
    theirs.setWeights(
      randomize(
        theirs.weights.map((w) => ({ shape: w.shape, name: w.name })),
        50,
      ),
    );
    const x = tf.randomNormal([1, 6, 6, 2], 0, 1, 'float32', 6);
    const reference = await predict(theirs, x);
    const ours = await loadModel(tf.io.fromMemory(await tfjsArtifacts(theirs)));
    theirs.dispose();
    const back = join(dir, 'back');
    mkdirSync(back);
    await saveModel(ours, back);
    ours.dispose();
    const again = await tfl.loadLayersModel(tf.io.fromMemory(readArtifacts(join(back, 'model.json'))));
    tf.test_util.expectArraysClose(await predict(again, x), reference, 1e-5);
    again.dispose();
    x.dispose();
  });
});

/** A Strata layer of the same class and config as a tfjs-layers layer (its own name included). */
function deserializeLike(layer: tfl.layers.Layer) {
  const classes: Record<string, (config: any) => any> = {
    Conv2D: (c) => new Conv2D(c),
    BatchNormalization: (c) => new BatchNormalization(c),
    Dropout: (c) => new Dropout(c),
    Flatten: (c) => new Flatten(c),
    Dense: (c) => new Dense(c),
  };
  return classes[layer.getClassName()]!(layer.getConfig());
}
