import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { Dense, Flatten, resetLayerNames } from '@strata/layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { Input } from '../input.js';
import { Model } from '../model.js';
import { Sequential } from '../sequential.js';
import './functional.js';

// Our getConfig() is the camelCase form tfjs-layers's own getConfig() returns; model.json holds the Python (Keras)
// form. This mirrors tfjs-layers's convertTsToPythonic (utils/serialization_utils.ts) to go from one to the other,
// so tfjs-layers reads our configs exactly as it would read a saved file.
function toSnakeCase(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}
function toPythonic(value: unknown, key?: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return toSnakeCase(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    const keepsNames = key === 'inboundNodes' || key === 'inputLayers' || key === 'outputLayers';
    return value.map((item, i) =>
      keepsNames && i === 0 && typeof item === 'string' ? item : toPythonic(item, key),
    );
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[toSnakeCase(k)] = (k === 'name' || k === 'className') && typeof v === 'string' ? v : toPythonic(v, k);
  }
  return out;
}

/**
 * Runs our model on `x`, then loads its config and weights in tfjs-layers. Ours is disposed first: tfjs-layers names
 * variables `dense/kernel` like we do, and refuses a name already registered in the engine.
 */
async function compareWithTfjs(
  model: Model,
  x: tf.Tensor,
): Promise<{ theirs: tfl.LayersModel; ours: tf.Tensor; reference: tf.Tensor }> {
  const className = (model.constructor as typeof Model).className;
  const modelTopology = toPythonic({ className, config: model.getConfig() });
  const ours = model.apply(x);
  const weights = model.getWeights();
  model.dispose();
  const theirs = await tfl.models.modelFromJSON({ modelTopology } as never);
  theirs.setWeights(weights);
  tf.dispose(weights);
  return { theirs, ours, reference: theirs.predict(x) as tf.Tensor };
}

beforeAll(async () => {
  await tf.useBackend('cpu');
});

describe('@tensorflow/tfjs-layers reads our configs', () => {
  test('the lesson as a Sequential model: same layers, parameters and predictions', async () => {
    resetLayerNames();
    const model = new Sequential([
      new Flatten({ inputShape: [28, 28] }),
      new Dense({ units: 128, activation: 'relu' }),
      new Dense({ units: 10, activation: 'softmax' }),
    ]);
    const x = tf.randomUniform([4, 28, 28], 0, 1, 'float32', 5);
    const { theirs, ours, reference } = await compareWithTfjs(model, x);
    expect(theirs).toBeInstanceOf(tfl.Sequential);
    expect(theirs.layers.map((l) => l.name)).toEqual(['flatten', 'dense', 'dense_1']);
    expect(theirs.countParams()).toBe(101_770);
    expect(theirs.outputs[0]!.shape).toEqual([null, 10]);
    tf.test_util.expectArraysClose(await ours.data(), await reference.data(), 1e-5);
    tf.dispose([x, ours, reference]);
    theirs.dispose();
  });

  test('a functional model with a shared layer and a nested Sequential: same graph and predictions', async () => {
    resetLayerNames();
    const inputs = Input({ shape: [4, 2] });
    const shared = new Dense({ units: 8, activation: 'relu' });
    const block = new Sequential([new Dense({ units: 8, inputShape: [8] })], { name: 'block' });
    const flat = new Flatten().apply(inputs);
    const outputs = new Dense({ units: 3, activation: 'softmax' }).apply(
      block.apply(shared.apply(shared.apply(flat))),
    );
    const model = new Model({ inputs, outputs, name: 'graph' });
    const names = model.layers.map((l) => l.name);
    const params = model.countParams();
    const x = tf.randomNormal([3, 4, 2], 0, 1, 'float32', 9);
    const { theirs, ours, reference } = await compareWithTfjs(model, x);
    expect(theirs.name).toBe('graph');
    expect(theirs.layers.map((l) => l.name)).toEqual(names);
    expect(theirs.countParams()).toBe(params);
    expect(theirs.getLayer('dense').inboundNodes).toHaveLength(2);
    tf.test_util.expectArraysClose(await ours.data(), await reference.data(), 1e-5);
    tf.dispose([x, ours, reference]);
    theirs.dispose();
  });

  test("and we read tfjs-layers's own configs back (Sequential and functional)", async () => {
    const seq = tfl.sequential({
      layers: [tfl.layers.dense({ units: 3, inputShape: [5], activation: 'relu' })],
    });
    const ours = Sequential.fromConfig(seq.getConfig() as never);
    expect(ours.countParams()).toBe(18);
    expect(ours.outputShape).toEqual([null, 3]);
    const input = tfl.input({ shape: [5] });
    const functional = tfl.model({
      inputs: input,
      outputs: tfl.layers.dense({ units: 2 }).apply(input) as tfl.SymbolicTensor,
    });
    const ours2 = Model.fromConfig(functional.getConfig() as never) as Model;
    expect(ours2.countParams()).toBe(12);
    expect(ours2.outputShape).toEqual([null, 2]);
    seq.dispose();
    functional.dispose();
    ours.dispose();
    ours2.dispose();
  });
});
