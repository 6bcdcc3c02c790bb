// One epoch over the real MNIST training set (60,000 images), batched as Model.fit would consume it.
// Run: pnpm bench (or: pnpm turbo run bench --filter @strata/datasets). Not a test: timings vary by machine.
import * as tf from '@strata/core';
import '@strata/backend-cpu';
import { Dataset, loadMnist } from '../src/index.js';

const batchSize = Number(process.env.BATCH_SIZE ?? 32);
const epochs = Number(process.env.EPOCHS ?? 3);

async function timeEpoch(name: string, dataset: Dataset<unknown>): Promise<void> {
  const times: number[] = [];
  const before = tf.memory().numTensors;
  let batches = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const start = performance.now();
    batches = 0;
    for await (const batch of dataset) {
      batches++;
      tf.dispose(batch as tf.TensorContainer);
    }
    times.push(performance.now() - start);
  }
  const leaked = tf.memory().numTensors - before;
  const best = Math.min(...times);
  console.log(
    `${name.padEnd(58)} ${times.map((t) => `${t.toFixed(0)} ms`).join(', ')} ` +
      `(best ${best.toFixed(0)} ms, ${((60000 / best) * 1000).toFixed(0)} images/s, ${batches} batches, ` +
      `${leaked} tensors leaked)`,
  );
}

await tf.useBackend('cpu');
let start = performance.now();
const mnist = await loadMnist();
console.log(
  `loadMnist() (read, validate, normalize 60,000 + 10,000 images): ${(performance.now() - start).toFixed(0)} ms`,
);
const { images, labels } = mnist.train;
console.log(
  `node ${process.version}, backend ${tf.getBackend()}, batch size ${batchSize}, ${epochs} epochs each\n`,
);

await timeEpoch(
  'fromTensors().shuffle(60000, seed).batch()',
  Dataset.fromTensors({ xs: images, ys: labels }).shuffle(60000, 1).batch(batchSize),
);
await timeEpoch(
  'fromTensors().shuffle().batch().map(one-hot labels)',
  Dataset.fromTensors({ xs: images, ys: labels })
    .shuffle(60000, 1)
    .batch(batchSize)
    .map(({ xs, ys }) => ({ xs, ys: tf.oneHot(ys, 10) })),
);
await timeEpoch(
  'fromTensors().map(per image).shuffle(1024).batch()',
  Dataset.fromTensors({ xs: images, ys: labels })
    .map(({ xs, ys }) => ({ xs: tf.reshape(xs, [784]), ys }))
    .shuffle(1024, 1)
    .batch(batchSize),
);
await timeEpoch(
  'fromGenerator(typed-array rows).batch().prefetch(2)',
  Dataset.fromGenerator(function* () {
    const pixels = images.dataSync();
    const classes = labels.dataSync();
    for (let i = 0; i < 60000; i++) yield { xs: pixels.subarray(i * 784, (i + 1) * 784), ys: classes[i]! };
  })
    .batch(batchSize)
    .prefetch(2),
);

start = performance.now();
mnist.dispose();
console.log(`\n${tf.memory().numTensors} tensors left after dispose()`);
