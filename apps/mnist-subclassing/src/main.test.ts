// Runs the CLI's main() in-process, as `pnpm start` would, on a small slice of the real MNIST.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@strata/core';
import { loadMnist } from '@strata/datasets';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from './main.js';
import { MnistModel } from './mnist-model.js';

function recorder() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      out: { write: (t: string) => out.push(t), isTTY: false },
      err: { write: (t: string) => err.push(t) },
    },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

let scratch: string;

// tf.memory() needs an active backend before main() picks one.
beforeAll(async () => {
  await tf.useBackend('cpu');
  scratch = await mkdtemp(join(tmpdir(), 'mnist-subclassing-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('main', () => {
  test('trains on 1,000 images for one epoch on cpu and reports summary, progress, accuracy and ms/step', async () => {
    const run = recorder();
    const before = tf.memory().numTensors;
    const saveDir = join(scratch, 'weights');
    const code = await main(
      ['--backend', 'cpu', '--limit', '1000', '--epochs', '1', '--save', saveDir],
      run.io,
    );
    const out = run.out();
    expect(run.err()).toBe('');
    expect(code).toBe(0);

    expect(out).toMatch(/^Backend: cpu \(from --backend\)$/m);
    expect(out).toMatch(/^ {2}listBackends\(\): priority 1, supported, loaded, active$/m);
    expect(out).toMatch(/^MNIST: 1,000 training and 1,000 test images of 28×28/m);
    // summary(): the lesson's three layers and their parameter counts.
    expect(out).toMatch(/^Model: "mnist_model(_\d+)?"$/m);
    expect(out).toMatch(/│ flatten\S* \(Flatten\) +│ \(None, 784\) +│ +0 │/);
    expect(out).toMatch(/│ dense\S* \(Dense\) +│ \(None, 128\) +│ +100,480 │/);
    expect(out).toMatch(/│ dense\S* \(Dense\) +│ \(None, 10\) +│ +1,290 │/);
    expect(out).toMatch(/^ Total params: 101,770 \(397\.54 KB\)$/m);
    // Keras-style progress: one line for the epoch (not a terminal), ceil(1000 / 32) = 32 steps.
    expect(out).toMatch(/^32\/32 - \d+s - \d+ms\/step - .*loss: \d\.\d{4}/m);
    expect(out).toMatch(/^32\/32 .* - accuracy: 0\.\d{4}/m);

    const accuracy = Number(
      /^Test accuracy: (\d+\.\d\d)% \(loss \d+\.\d{4}\) on 1,000 test images$/m.exec(out)?.[1],
    );
    // 32 Adam steps take the model from chance (10%) to ~70-80% on held-out digits.
    expect(accuracy).toBeGreaterThan(50);
    expect(out).toMatch(/^Training: 1 epoch, 32 steps of 32 in \d+\.\d s: \d+\.\d\d ms\/step on cpu$/m);
    // Everything the run made (data, model, optimizer state) is freed.
    expect(tf.memory().numTensors).toBe(before);

    // --save: the weights, named by their path in the model, reload into a new model that scores the same.
    expect(out).toMatch(new RegExp(`^Weights saved to ${saveDir}$`, 'm'));
    const manifest = JSON.parse(await readFile(join(saveDir, 'weights.json'), 'utf8'));
    expect(manifest.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toEqual([
      'hidden/kernel',
      'hidden/bias',
      'out/kernel',
      'out/bias',
    ]);
    using mnist = await loadMnist({ limit: 1000 });
    using reloaded = new MnistModel();
    reloaded.build([null, 28, 28]);
    await reloaded.loadWeights(saveDir);
    reloaded.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const [, reloadedAccuracy] = (await reloaded.evaluate(mnist.test.images, mnist.test.labels, {
      verbose: 0,
    })) as number[];
    expect(reloadedAccuracy! * 100).toBeCloseTo(accuracy, 2);
  }, 60_000);

  test.each([
    [['--epochs', '0'], /--epochs must be a positive whole number, got '0'\. E\.g\. --epochs 3/],
    [['--batchsize', '64'], /Unknown option '--batchsize'\. Did you mean --batch-size\?/],
    [['--limit'], /--limit needs a value, e\.g\. --limit 1000/],
  ])('bad flags %j: exit code 2, the fix on stderr, nothing run', async (argv, message) => {
    const run = recorder();
    expect(await main(argv, run.io)).toBe(2);
    expect(run.err()).toMatch(message);
    expect(run.err()).toMatch(/Run with --help to see every option/);
    expect(run.out()).toBe('');
  });

  test('--save somewhere it cannot write: exit code 2 before training', async () => {
    const file = join(scratch, 'a-file');
    await writeFile(file, '');
    const run = recorder();
    expect(await main(['--save', join(file, 'weights')], run.io)).toBe(2);
    expect(run.err()).toMatch(
      /--save '.*a-file\/weights' cannot be used: .*ENOTDIR.*Pass a directory you can write to/,
    );
    expect(run.out()).toBe('');
  });

  test('an unknown backend: exit code 2 and the backends this program has', async () => {
    const run = recorder();
    expect(await main(['--backend', 'gpu'], run.io)).toBe(2);
    expect(run.err()).toMatch(/--backend 'gpu' is not a backend this program has\. Choose one of: wasm, cpu/);
    expect(run.out()).toBe('');
  });

  test('--backend list prints what listBackends() says and the default choice', async () => {
    const run = recorder();
    expect(await main(['--backend', 'list'], run.io)).toBe(0);
    expect(run.out()).toMatch(/^ {2}backend +priority +supported +loaded$/m);
    expect(run.out()).toMatch(/^ {2}wasm +2 +yes /m);
    expect(run.out()).toMatch(/^ {2}cpu +1 +yes /m);
    expect(run.out()).toMatch(/uses: wasm$/m);
  });

  test('--help prints the usage', async () => {
    const run = recorder();
    expect(await main(['--help'], run.io)).toBe(0);
    expect(run.out()).toMatch(/^Usage: pnpm start/);
    expect(run.out()).toMatch(/--epochs <n> +passes over the training images \(default: 2\)/);
  });
});
