import '@strata/backend-cpu';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as tf from '@strata/core';
import { Dense } from '@strata/layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { Model } from '../model.js';
import { Sequential } from '../sequential.js';
import { loadModel, saveModel } from './save-model.js';
import { loadWeights, saveWeights } from './save-weights.js';
import { expectNoLeak, memoryHandler, removeDir, tempDir } from './saving.test-helpers.js';

// In the browser, saves go through tf.io handlers ('indexeddb://', 'localstorage://', 'downloads://' or any
// IOHandler). These run in Node with handlers that store the artifacts the way the browser ones do.

beforeAll(async () => {
  await tf.useBackend('cpu');
});

/**
 * Stores artifacts as tf.io's 'localstorage://' handler does (tfjs-core io/local_storage.ts): topology, weight specs
 * and metadata as JSON strings, weight data as base64; loading parses them back (and fails on a null topology).
 */
function localStorageLike(): tf.io.IOHandler {
  const store = new Map<string, string>();
  return {
    save: async (artifacts) => {
      store.set('topology', JSON.stringify(artifacts.modelTopology));
      store.set('weight_specs', JSON.stringify(artifacts.weightSpecs));
      store.set(
        'weight_data',
        Buffer.from(tf.io.CompositeArrayBuffer.join(artifacts.weightData)).toString('base64'),
      );
      const { format, generatedBy, convertedBy, userDefinedMetadata } = artifacts;
      store.set('model_metadata', JSON.stringify({ format, generatedBy, convertedBy, userDefinedMetadata }));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    load: async () => {
      const modelTopology = JSON.parse(store.get('topology')!);
      if (modelTopology == null) throw new Error('In local storage, the topology of model is missing.');
      const data = Buffer.from(store.get('weight_data')!, 'base64');
      return {
        modelTopology,
        weightSpecs: JSON.parse(store.get('weight_specs')!),
        weightData: new Uint8Array(data).buffer,
        ...JSON.parse(store.get('model_metadata')!),
      };
    },
  };
}

/** Stores a structured clone, as tf.io's 'indexeddb://' handler puts the artifacts object into IndexedDB. */
function indexedDbLike(): tf.io.IOHandler {
  let stored: tf.io.ModelArtifacts | undefined;
  return {
    save: async (artifacts) => {
      stored = structuredClone(artifacts);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    load: async () => structuredClone(stored!),
  };
}

class Net extends Model {
  hidden = new Dense({ units: 3, activation: 'relu' });
  out = new Dense({ units: 2 });
  override call(x: tf.Tensor) {
    return this.out.apply(this.hidden.apply(x));
  }
}

async function outputs(model: Model, x: tf.Tensor): Promise<number[]> {
  const y = model.apply(x) as tf.Tensor;
  const values = Array.from(await y.data());
  y.dispose();
  return values;
}

describe('IOHandler targets', () => {
  for (const [kind, make] of [
    ['tf.io.withSaveHandler / tf.io.fromMemory', memoryHandler],
    ['a localstorage://-like handler', localStorageLike],
    ['an indexeddb://-like handler', indexedDbLike],
  ] as const) {
    test(`saveWeights / loadWeights through ${kind}`, async () => {
      const model = new Net();
      model.build([null, 4]);
      const x = tf.randomNormal([2, 4], 0, 1, 'float32', 7);
      const handler = make();
      const result = await expectNoLeak(() => saveWeights(model, handler));
      expect(result.modelArtifactsInfo.weightDataBytes).toBe((4 * 3 + 3 + 3 * 2 + 2) * 4);
      const copy = new Net();
      copy.build([null, 4]);
      await expectNoLeak(() => loadWeights(copy, handler));
      expect(await outputs(copy, x)).toEqual(await outputs(model, x));
      x.dispose();
      model.dispose();
      copy.dispose();
    });

    test(`saveModel / loadModel through ${kind}`, async () => {
      const model = new Sequential([new Dense({ units: 3, inputShape: [4] }), new Dense({ units: 2 })]);
      const x = tf.randomNormal([2, 4], 0, 1, 'float32', 8);
      const handler = make();
      await saveModel(model, handler);
      const copy = await loadModel(handler);
      expect(await outputs(copy, x)).toEqual(await outputs(model, x));
      x.dispose();
      model.dispose();
      copy.dispose();
    });
  }

  test('the artifacts handed to a save handler are what tfjs-layers hands over (format, topology, specs)', async () => {
    const model = new Sequential([new Dense({ units: 2, inputShape: [3], name: 'probe' })]);
    const handler = memoryHandler();
    await saveModel(model, tf.io.withSaveHandler(handler.save!));
    const ours = handler.artifacts!;
    model.dispose();
    const theirs = tfl.sequential({
      layers: [tfl.layers.dense({ units: 2, inputShape: [3], name: 'probe' })],
    });
    const reference = memoryHandler();
    await theirs.save(tf.io.withSaveHandler(reference.save!));
    const expected = reference.artifacts!;
    expect(ours.format).toBe(expected.format);
    expect(ours.weightSpecs).toEqual(expected.weightSpecs);
    const topology = ours.modelTopology as any;
    const expectedTopology = expected.modelTopology as any;
    expect(topology.class_name).toBe(expectedTopology.class_name);
    expect(topology.config.layers.map((l: any) => [l.class_name, l.config.name])).toEqual(
      expectedTopology.config.layers.map((l: any) => [l.class_name, l.config.name]),
    );
    theirs.dispose();
  });

  test('a failing save handler reports the target; a handler without load() is refused', async () => {
    const model = new Net();
    model.build([null, 2]);
    const full = { save: async () => Promise.reject(new Error('QuotaExceededError')) };
    await expect(saveWeights(model, full)).rejects.toThrow(
      /Saving to the IOHandler failed: QuotaExceededError/,
    );
    await expect(loadModel(tf.io.withSaveHandler(async () => ({}) as never))).rejects.toThrow(
      /Cannot load from the IOHandler: the IOHandler has no load\(\) method/,
    );
    model.dispose();
  });

  test('http(s) URLs load through the tf.io http handler, weights.json and model.json alike', async () => {
    const dir = tempDir();
    const model = new Sequential([new Dense({ units: 2, inputShape: [3] })]);
    await saveWeights(model, dir);
    await saveModel(model, dir);
    const server = createServer((request, response) => {
      try {
        response.end(readFileSync(join(dir, request.url!.slice(1))));
      } catch {
        response.statusCode = 404;
        response.end();
      }
    }).listen(0);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const copy = new Sequential([new Dense({ units: 2, inputShape: [3] })]);
      expect((await loadWeights(copy, `${base}/weights.json`)).loaded).toHaveLength(2);
      const loaded = await loadModel(`${base}/model.json`);
      const x = tf.ones([1, 3]);
      expect(await outputs(copy, x)).toEqual(await outputs(model, x));
      expect(await outputs(loaded, x)).toEqual(await outputs(model, x));
      await expect(loadModel(`${base}/missing/model.json`)).rejects.toThrow(
        /Cannot load from '.*missing\/model\.json': .*404/,
      );
      x.dispose();
      copy.dispose();
      loaded.dispose();
    } finally {
      server.close();
      model.dispose();
      removeDir(dir);
    }
  });
});
