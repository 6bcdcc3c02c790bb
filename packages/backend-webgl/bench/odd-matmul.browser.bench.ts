// `pnpm bench` (headless Chromium, SwiftShader: a CPU rasteriser, so absolute times are not a GPU's): what zeroing
// the operands' padding (src/kernels/BatchMatMul.ts) costs, against tfjs-backend-webgl's own kernels.
import * as tf from '@strata/core';
import { test } from 'vitest';
import '../src/index.js';
import { stockKernels } from '../src/kernels/index.js';

async function timeMs(f: () => tf.Tensor, runs: number): Promise<number> {
  for (let i = 0; i < 3; i++) {
    const warm = tf.tidy(f); // compiles the shaders
    await warm.data();
    warm.dispose();
  }
  const start = performance.now();
  const outputs: tf.Tensor[] = [];
  for (let i = 0; i < runs; i++) outputs.push(tf.tidy(f));
  await outputs.at(-1)!.data(); // the GPU runs programs in order: the last one done means all are
  const ms = (performance.now() - start) / runs;
  tf.dispose(outputs);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function useKernels(which: 'stock' | 'ours', ours: Map<string, tf.KernelConfig>): void {
  for (const name of ['BatchMatMul', '_FusedMatMul']) {
    tf.unregisterKernel(name, 'webgl');
    tf.registerKernel(which === 'stock' ? stockKernels.get(name)! : ours.get(name)!);
  }
}

test('odd shared dimension: tfjs kernel vs ours', async () => {
  await tf.useBackend('webgl');
  const ours = new Map(['BatchMatMul', '_FusedMatMul'].map((n) => [n, tf.getKernel(n, 'webgl')!]));
  const gpu = (shape: number[], seed: number) => tf.add(tf.randomUniform(shape, -1, 1, 'float32', seed), 1);
  const rows: string[] = ['op | tfjs (ms) | ours (ms) | overhead'];
  for (const [m, k, n, runs] of [
    [256, 255, 256, 10],
    [256, 256, 256, 10],
    [16, 3, 8, 100],
    [64, 785, 128, 10],
  ] as const) {
    const a = gpu([m, k], 1);
    const b = gpu([n, k], 2);
    const bias = tf.zeros([n]);
    const cases: [string, () => tf.Tensor][] = [
      ['matMul(a, b, false, true)', () => tf.matMul(a, b, false, true)],
      [
        'fused.matMul + bias + relu',
        () => tf.fused.matMul({ a, b, transposeB: true, bias, activation: 'relu' }),
      ],
    ];
    for (const [label, f] of cases) {
      // Alternating rounds, median of each: other processes on a shared machine make single runs noisy.
      const times = { stock: [] as number[], ours: [] as number[] };
      for (let round = 0; round < 7; round++) {
        for (const which of ['stock', 'ours'] as const) {
          useKernels(which, ours);
          times[which].push(await timeMs(f, runs));
        }
      }
      const [before, after] = [median(times.stock), median(times.ours)];
      const overhead = `${(((after - before) / before) * 100).toFixed(0)}%`;
      rows.push(
        `${label} [${m},${k}]·[${n},${k}]ᵀ | ${before.toFixed(3)} | ${after.toFixed(3)} | ${overhead}`,
      );
    }
    tf.dispose([a, b, bias]);
  }
  // One SGD step of the conformance suite's 6-8-3 MLP (its backward pass has dLogits [16, 3] · w2ᵀ, K = 3).
  const x = tf.randomUniform([16, 6], -1, 1, 'float32', 3);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 2, 1, 0, 0, 1, 2, 2, 1, 0, 1, 1, 2, 0], 'int32'), 3);
  const w1 = tf.variable(tf.randomUniform([6, 8], -0.5, 0.5, 'float32', 1));
  const w2 = tf.variable(tf.randomUniform([8, 3], -0.5, 0.5, 'float32', 2));
  const sgd = tf.train.sgd(0.1);
  const step = () =>
    sgd.minimize(
      () => tf.losses.softmaxCrossEntropy(y, tf.matMul(tf.relu(tf.matMul(x, w1)), w2)) as tf.Scalar,
      true,
    )!;
  const times = { stock: [] as number[], ours: [] as number[] };
  for (let round = 0; round < 7; round++) {
    for (const which of ['stock', 'ours'] as const) {
      useKernels(which, ours);
      times[which].push(await timeMs(step, 50));
    }
  }
  const [before, after] = [median(times.stock), median(times.ours)];
  rows.push(
    `MLP 6-8-3 training step | ${before.toFixed(3)} | ${after.toFixed(3)} | ${(((after - before) / before) * 100).toFixed(0)}%`,
  );
  tf.dispose([x, y, w1, w2]);
  sgd.dispose();
  console.log(rows.join('\n'));
}, 600_000);
