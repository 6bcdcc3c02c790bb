import * as tf from '@strata/core';
import type { Callback, Logs } from './callback.js';
import { CallbackList } from './callback-list.js';
import type { CallbackModel } from './callback-model.js';

/** A model as callbacks see it: one scalar weight, an optimizer with a learning rate, recorded saves. */
export class FakeModel implements CallbackModel {
  stopTraining = false;
  name = 'fake_model';
  optimizer = { learningRate: 0.1 };
  weights: tf.Tensor[] = [tf.scalar(0)];
  saves: string[] = [];

  getWeights(): tf.Tensor[] {
    return this.weights.map((w) => w.clone());
  }
  setWeights(ws: tf.Tensor[]): void {
    tf.dispose(this.weights);
    this.weights = ws.map((w) => tf.clone(w));
  }
  async saveWeights(path: string): Promise<void> {
    this.saves.push(`weights ${path}`);
  }
  async save(path: string): Promise<void> {
    this.saves.push(`model ${path}`);
  }
  weightValue(): number {
    return this.weights[0].dataSync()[0];
  }
}

/**
 * Drives callbacks the way fit() does, with scripted logs: epoch e's logs are `epochLogs[e]`; after each epoch
 * the model's weight is set to e (so restored weights show which epoch they came from). Returns epochs run.
 */
export async function simulateFit(
  model: FakeModel,
  callbacks: Callback[],
  epochLogs: Logs[],
  { steps = 2, batchLogs }: { steps?: number; batchLogs?: (epoch: number, batch: number) => Logs } = {},
): Promise<number> {
  const list = new CallbackList(callbacks, {
    model,
    params: { epochs: epochLogs.length, steps, verbose: 1 },
  });
  model.stopTraining = false;
  await list.onTrainBegin();
  let epoch = 0;
  for (; epoch < epochLogs.length && !model.stopTraining; epoch++) {
    await list.onEpochBegin(epoch);
    for (let batch = 0; batch < steps && !model.stopTraining; batch++) {
      await list.onBatchBegin(batch);
      await list.onBatchEnd(batch, batchLogs?.(epoch, batch) ?? { loss: 1 });
    }
    const marker = tf.scalar(epoch);
    model.setWeights([marker]);
    marker.dispose();
    await list.onEpochEnd(epoch, { ...epochLogs[epoch] });
  }
  await list.onTrainEnd();
  return epoch;
}
