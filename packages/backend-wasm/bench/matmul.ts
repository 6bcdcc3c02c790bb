// `pnpm bench`: transposed matMul with tfjs-backend-wasm's own kernel (before) and with Strata's (after).
// Runs with the default thread count; `STRATA_WASM_THREADS=1 pnpm bench` compares single-threaded.
import * as tf from '@strata/core';
import { bench, describe } from 'vitest';
import '../src/index.js';
import { stockKernels } from '../src/kernels/index.js';

await tf.useBackend('wasm');
const details = (await tf.listBackends()).find((b) => b.name === 'wasm')?.details;
console.log(`wasm backend: simd=${details?.simd} threads=${details?.threads} ${details?.threadsNote ?? ''}`);
console.log(`512² matMul: ${cpuPerWall()}`);

// Process CPU time over wall time for 512² products: about the number of threads that did the work.
function cpuPerWall(): string {
  const x = tf.randomNormal([512, 512], 0, 1, 'float32', 4);
  const once = () => tf.tidy(() => tf.matMul(x, x)).dataSync();
  once();
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < 20; i++) once();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  x.dispose();
  return `${(wallMs / 20).toFixed(2)} ms each, CPU time / wall time = ${((used.user + used.system) / 1000 / wallMs).toFixed(2)}`;
}

// Swaps tfjs-backend-wasm's own kernel back in for the "before" runs.
function useStock(name: string): () => void {
  const ours = tf.getKernel(name, 'wasm')!;
  return () => {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(stockKernels.get(name)!);
    return () => {
      tf.unregisterKernel(name, 'wasm');
      tf.registerKernel(ours);
    };
  };
}

const size = 256;
const a = tf.randomNormal([size, size], 0, 1, 'float32', 1);
const b = tf.randomNormal([size, size], 0, 1, 'float32', 2);
describe('matMul 512×512 (compare runs with STRATA_WASM_THREADS=1 and 2)', () => {
  const x = tf.randomNormal([512, 512], 0, 1, 'float32', 5);
  bench(
    'plain matMul',
    () => {
      const y = tf.matMul(x, x);
      y.dataSync();
      y.dispose();
    },
    { time: 500 },
  );
});

const run = (transposeA: boolean, transposeB: boolean) => () => {
  const y = tf.matMul(a, b, transposeA, transposeB);
  y.dataSync();
  y.dispose();
};

for (const [label, ta, tb] of [
  ['transposeB', false, true],
  ['transposeA', true, false],
] as const) {
  describe(`matMul ${size}×${size}, ${label}`, () => {
    let restore = () => {};
    const swap = useStock('BatchMatMul');
    bench('plain matMul (reference)', run(false, false), { time: 500 });
    bench('tfjs-backend-wasm kernel (before)', run(ta, tb), {
      time: 500,
      setup: () => {
        restore = swap();
      },
      teardown: () => restore(),
    });
    bench('Strata: transpose, then plain kernel (after)', run(ta, tb), { time: 500 });
  });
}

describe(`fused matMul + bias + relu ${size}×${size}, transposeB`, () => {
  const a3 = tf.reshape(a, [1, size, size]);
  const b3 = tf.reshape(b, [1, size, size]);
  const bias = tf.randomNormal([size], 0, 1, 'float32', 3);
  const fused = () => {
    const y = tf.fused.matMul({ a: a3, b: b3, bias, transposeB: true, activation: 'relu' });
    y.dataSync();
    y.dispose();
  };
  let restore = () => {};
  const swap = useStock('_FusedMatMul');
  bench('tfjs-backend-wasm kernel (before)', fused, {
    time: 500,
    setup: () => {
      restore = swap();
    },
    teardown: () => restore(),
  });
  bench('Strata: transpose, then XNNPACK fused kernel (after)', fused, { time: 500 });
});
