import '@strata/backend-cpu';
import { join } from 'node:path';
import * as tf from '@strata/core';
import { Dense } from '@strata/layers';
import { afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { ModelCheckpoint } from '../callbacks/model-checkpoint.js';
import { Sequential } from '../sequential.js';
import * as saving from './index.js';
import { filesIn, removeDir, tempDir } from './saving.test-helpers.js';

// ModelCheckpoint calls model.saveWeights(path) / model.save(path). Model gets these methods when the wiring in
// docs/saving-wiring.patch is applied; until then (and harmlessly after) the instance gets the same bodies.
function wired(model: Sequential): Sequential {
  return Object.assign(model, {
    async saveWeights(target: saving.SaveTarget, options?: saving.SaveWeightsOptions): Promise<void> {
      await saving.saveWeights(model, target, options);
    },
    async save(target: saving.SaveTarget, options?: saving.SaveModelOptions): Promise<void> {
      await saving.saveModel(model, target, options);
    },
  });
}

beforeAll(async () => {
  await tf.useBackend('cpu');
});

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => removeDir(dir));

test('ModelCheckpoint writes a loadable save per epoch (weights only, and whole models)', async () => {
  const model = wired(new Sequential([new Dense({ units: 2, inputShape: [3] }), new Dense({ units: 1 })]));
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  const x = tf.randomNormal([8, 3], 0, 1, 'float32', 1);
  const y = tf.randomNormal([8, 1], 0, 1, 'float32', 2);
  await model.fit(x, y, {
    epochs: 2,
    batchSize: 4,
    verbose: 0,
    callbacks: [
      new ModelCheckpoint({ filepath: join(dir, 'weights-{epoch:02d}'), saveWeightsOnly: true }),
      new ModelCheckpoint({ filepath: join(dir, 'model-{epoch:02d}') }),
    ],
  });
  expect(filesIn(dir)).toEqual(['model-01', 'model-02', 'weights-01', 'weights-02']);
  const restored = await saving.loadModel(join(dir, 'model-02'));
  const sameWeights = new Sequential([new Dense({ units: 2, inputShape: [3] }), new Dense({ units: 1 })]);
  await saving.loadWeights(sameWeights, join(dir, 'weights-02'));
  const [a, b, c] = [model.apply(x), restored.apply(x), sameWeights.apply(x)];
  expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
  expect(Array.from(await c.data())).toEqual(Array.from(await a.data()));
  tf.dispose([x, y, a, b, c]);
  for (const m of [model, restored, sameWeights]) m.dispose();
});
