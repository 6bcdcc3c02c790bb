import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@strata/core';
import '@strata/backend-cpu';
import { LoadError } from '@strata/core';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { cifarPixel, cifarRecords, serveDirectory, tempDir } from '../testing/fixtures.js';
import { loadCifar10 } from './load-cifar10.js';

let cleanups: (() => unknown)[] = [];
beforeAll(async () => {
  await tf.useBackend('cpu');
});
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

/** Five training batches of 2 records each (records 0..9) and a test batch of 3. */
function cifarDir(sub = ''): string {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const target = join(dir, sub);
  mkdirSync(target, { recursive: true });
  for (let b = 1; b <= 5; b++)
    writeFileSync(join(target, `data_batch_${b}.bin`), cifarRecords(2, undefined, (b - 1) * 2));
  writeFileSync(
    join(target, 'test_batch.bin'),
    cifarRecords(3, (r) => 9 - r),
  );
  return dir;
}

describe('loadCifar10', () => {
  test('reads the binary batches and turns CHW records into NHWC images', async () => {
    using cifar = await loadCifar10({ source: cifarDir(), normalize: false, dtype: 'int32' });
    expect(cifar.train.images.shape).toEqual([10, 32, 32, 3]);
    expect(cifar.test.images.shape).toEqual([3, 32, 32, 3]);
    expect(Array.from(await cifar.train.labels.data())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(await cifar.test.labels.data())).toEqual([9, 8, 7]);
    const images = (await cifar.train.images.array()) as number[][][][];
    // Record 7 (batch 4, second record), pixel (y 5, x 30): red, green, blue from the three planes.
    expect(images[7]![5]![30]).toEqual([0, 1, 2].map((c) => cifarPixel(7, 5, 30, c)));
    expect(cifar.classNames).toEqual(expect.arrayContaining(['airplane', 'truck']));
  });

  test('finds the archive layout (cifar-10-batches-bin/) over HTTP, normalizes and one-hots', async () => {
    const server = await serveDirectory(cifarDir('cifar-10-batches-bin'));
    cleanups.push(server.close);
    using cifar = await loadCifar10({ source: server.url, oneHot: true, limit: 4 });
    expect(cifar.train.images.shape).toEqual([4, 32, 32, 3]);
    expect(cifar.train.labels.shape).toEqual([4, 10]);
    const pixel = tf.tidy(() => tf.slice(cifar.test.images, [2, 1, 1, 0], [1, 1, 1, 3]).dataSync());
    expect(Array.from(pixel)).toEqual([0, 1, 2].map((c) => Math.fround(cifarPixel(2, 1, 1, c) / 255)));
  });

  test('truncated, CIFAR-100, bad labels and missing files fail clearly, leaving no tensors', async () => {
    const before = tf.memory().numTensors;
    const dir = cifarDir();
    writeFileSync(join(dir, 'data_batch_3.bin'), cifarRecords(2).subarray(0, 5000));
    await expect(loadCifar10({ source: dir })).rejects.toThrow(
      /CIFAR-10 file '.*data_batch_3\.bin' is truncated or not a CIFAR-10 batch: expected a multiple of 3073 bytes .* got 5000 \(1 whole records and 1927 bytes more\)\. Download the file again\./,
    );
    writeFileSync(join(dir, 'data_batch_3.bin'), new Uint8Array(3074 * 2));
    await expect(loadCifar10({ source: dir })).rejects.toThrow(/fits CIFAR-100 records/);
    writeFileSync(
      join(dir, 'data_batch_3.bin'),
      cifarRecords(2, () => 42),
    );
    await expect(loadCifar10({ source: dir })).rejects.toThrow(
      /label 42 at index 0 is not a class index in \[0, 10\)/,
    );
    writeFileSync(join(dir, 'data_batch_3.bin'), cifarRecords(2));
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'test_batch.bin'));
    const missing = await loadCifar10({ source: dir }).catch((e) => e);
    expect(missing).toBeInstanceOf(LoadError);
    expect(missing.message).toMatch(
      /'test_batch\.bin' \(or 'test_batch\.bin\.gz'\) is missing .*cifar-10-binary\.tar\.gz/,
    );
    const { dir: empty, cleanup } = tempDir();
    cleanups.push(cleanup);
    await expect(loadCifar10({ source: empty })).rejects.toThrow(/cifar-10-batches-bin\/data_batch_1\.bin/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
