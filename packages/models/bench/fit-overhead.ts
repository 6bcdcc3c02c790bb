// ms per training step: model.fit against a hand-written tfjs loop doing the same work (same MLP, same batches,
// same loss function and optimizer class), on the cpu backend. The difference is fit's own cost per step.
// Run: pnpm --filter @strata/models bench (builds nothing: run `pnpm turbo run build --filter @strata/models^...`
// once so that @strata/core, layers and backend-cpu have their dist). Timings vary by machine and load.
import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { Dense, type Layer } from '@strata/layers';
import { sparseCategoricalCrossentropy } from '../src/losses/sparse-categorical-crossentropy.js';
import { Adam } from '../src/optimizers/adam.js';
import { SGD } from '../src/optimizers/sgd.js';
import { TrainingModel } from '../src/training/training-model.js';

const repeats = Number(process.env.REPEATS ?? 5);
/** Runs only the cases whose name contains this text, e.g. CASE=tiny. */
const only = process.env.CASE ?? '';

class Mlp extends TrainingModel {
  readonly stack: Layer[];
  constructor(sizes: number[]) {
    super();
    this.stack = sizes.map(
      (units, i) => new Dense({ units, activation: i === sizes.length - 1 ? 'softmax' : 'relu' }),
    );
  }
  override call(x: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return this.stack.reduce((h, layer) => layer.apply(h) as tf.Tensor, x as tf.Tensor);
  }
}

interface Case {
  name: string;
  inputs: number;
  sizes: number[];
  batchSize: number;
  steps: number;
  optimizer: 'sgd' | 'adam';
}

// Keras defaults, as compile({ optimizer: 'sgd' | 'adam' }) makes them.
const makeOptimizer = (kind: Case['optimizer']) => (kind === 'sgd' ? new SGD() : new Adam());

/**
 * The loop a tfjs user writes by hand: slice a batch, variableGrads over the weights, applyGradients. With
 * `viaLayers` the forward pass is `model.apply` (so the difference to fit is fit's own cost); without, raw ops.
 */
async function rawLoop(model: Mlp, x: tf.Tensor, y: tf.Tensor, c: Case, viaLayers: boolean): Promise<number> {
  const optimizer = makeOptimizer(c.optimizer);
  const variables = model.trainableWeights;
  // The same forward pass as the model's layers (fused matMul + bias + activation), without Layer.apply.
  const kernels = variables.filter((_, i) => i % 2 === 0);
  const biases = variables.filter((_, i) => i % 2 === 1);
  const rawForward = (input: tf.Tensor) =>
    kernels.reduce((h, kernel, i) => {
      const last = i === kernels.length - 1;
      const out = tf.fused.matMul({
        a: h as tf.Tensor2D,
        b: kernel as tf.Tensor2D,
        bias: biases[i],
        activation: last ? 'linear' : 'relu',
      });
      return last ? tf.softmax(out) : out;
    }, input);
  const forward = viaLayers
    ? (input: tf.Tensor) => model.apply(input, { training: true }) as tf.Tensor
    : rawForward;
  const start = performance.now();
  let lossValue: tf.Scalar | undefined;
  for (let step = 0; step < c.steps; step++) {
    const xb = tf.slice(x, step * c.batchSize, c.batchSize);
    const yb = tf.slice(y, step * c.batchSize, c.batchSize);
    lossValue?.dispose();
    lossValue = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () => tf.mean(sparseCategoricalCrossentropy(yb, forward(xb))) as tf.Scalar,
        variables,
      );
      optimizer.applyGradients(grads);
      return value;
    });
    tf.dispose([xb, yb]);
    model.clearLosses();
    // Same event-loop turn fit takes between batches (setImmediate in Node).
    await new Promise((resolve) => setImmediate(resolve));
  }
  await lossValue!.data(); // one read at the end, like fit's epoch logs
  lossValue!.dispose();
  const ms = (performance.now() - start) / c.steps;
  optimizer.dispose();
  return ms;
}

async function fitLoop(
  model: Mlp,
  x: tf.Tensor,
  y: tf.Tensor,
  c: Case,
  metrics: string[],
  shuffle: boolean,
): Promise<number> {
  // By name, so that compiling again frees the previous optimizer's slots.
  model.compile({ optimizer: c.optimizer, loss: 'sparse_categorical_crossentropy', metrics });
  // Warm-up outside the timing: the first fit checks the data shapes and creates optimizer slots and metric state.
  const [xw, yw] = [tf.slice(x, 0, c.batchSize), tf.slice(y, 0, c.batchSize)];
  await model.fit(xw, yw, { verbose: 0 });
  tf.dispose([xw, yw]);
  const start = performance.now();
  await model.fit(x, y, { batchSize: c.batchSize, epochs: 1, shuffle, verbose: 0 });
  return (performance.now() - start) / c.steps;
}

const cases: Case[] = [
  {
    name: 'MNIST MLP 784-128-10, batch 32, adam',
    inputs: 784,
    sizes: [128, 10],
    batchSize: 32,
    steps: 60,
    optimizer: 'adam',
  },
  {
    name: 'MNIST MLP 784-128-10, batch 32, sgd',
    inputs: 784,
    sizes: [128, 10],
    batchSize: 32,
    steps: 60,
    optimizer: 'sgd',
  },
  {
    name: 'tiny MLP 16-32-4, batch 32, adam (overhead-bound)',
    inputs: 16,
    sizes: [32, 4],
    batchSize: 32,
    steps: 300,
    optimizer: 'adam',
  },
];

async function main(): Promise<void> {
  await tf.useBackend('cpu');
  console.log(`backend ${tf.getBackend()}, best of ${repeats} runs, ms per step (lower is better)\n`);
  for (const c of cases.filter((k) => k.name.includes(only))) {
    const n = c.steps * c.batchSize;
    const x = tf.randomNormal([n, c.inputs], 0, 1, 'float32', 1);
    const y = tf.randomUniform([n], 0, c.sizes.at(-1)!, 'int32', 2);
    const model = new Mlp(c.sizes);
    tf.dispose(model.predict(tf.slice(x, 0, 1)));
    const best = {
      raw: Infinity,
      layers: Infinity,
      fit: Infinity,
      fitMetrics: Infinity,
      fitShuffle: Infinity,
    };
    const before = tf.memory().numTensors;
    for (let r = 0; r < repeats; r++) {
      best.raw = Math.min(best.raw, await rawLoop(model, x, y, c, false));
      best.layers = Math.min(best.layers, await rawLoop(model, x, y, c, true));
      best.fit = Math.min(best.fit, await fitLoop(model, x, y, c, [], false));
      best.fitMetrics = Math.min(best.fitMetrics, await fitLoop(model, x, y, c, ['accuracy'], false));
      best.fitShuffle = Math.min(best.fitShuffle, await fitLoop(model, x, y, c, ['accuracy'], true));
    }
    const pct = (v: number) =>
      `${v >= best.raw ? '+' : ''}${(((v - best.raw) / best.raw) * 100).toFixed(1)}%`;
    const us = (v: number) => `${((v - best.raw) * 1000).toFixed(0)} µs`;
    console.log(c.name);
    console.log(`  raw tfjs loop (variableGrads + applyGradients) ${best.raw.toFixed(3)} ms/step`);
    console.log(
      `  same loop, forward through model.apply         ${best.layers.toFixed(3)} ms/step  (${pct(best.layers)}, ${us(best.layers)})`,
    );
    console.log(
      `  model.fit, no metrics, no shuffle              ${best.fit.toFixed(3)} ms/step  (${pct(best.fit)}, ${us(best.fit)})`,
    );
    console.log(
      `  model.fit, accuracy, no shuffle                ${best.fitMetrics.toFixed(3)} ms/step  (${pct(best.fitMetrics)}, ${us(best.fitMetrics)})`,
    );
    console.log(
      `  model.fit, accuracy, shuffle                   ${best.fitShuffle.toFixed(3)} ms/step  (${pct(best.fitShuffle)}, ${us(best.fitShuffle)})`,
    );
    console.log(
      `  tensors left: ${tf.memory().numTensors - before} (metric state and optimizer slots of the last compile)\n`,
    );
    model.dispose();
    tf.dispose([x, y]);
  }
}

await main();
