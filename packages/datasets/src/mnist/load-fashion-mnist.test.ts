import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as tf from '@strata/core';
import '@strata/backend-cpu';
import { LoadError } from '@strata/core';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { encodeIdx } from '../idx/encode-idx.js';
import { fixturePixel, serveDirectory, tempDir, writeMnistLike } from '../testing/fixtures.js';
import { loadFashionMnist } from './load-fashion-mnist.js';
import { loadMnist } from './load-mnist.js';

let cleanups: (() => unknown)[] = [];
beforeAll(async () => {
  await tf.useBackend('cpu');
});
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

function fixtureDir(options: Parameters<typeof writeMnistLike>[1]): string {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  writeMnistLike(dir, options);
  return dir;
}

/** Expects `load` to fail with `pattern` and to leave no tensor behind. */
async function expectLoadError(load: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  const before = tf.memory().numTensors;
  const error = (await load().catch((e: unknown) => e)) as Error;
  expect(error).toBeInstanceOf(LoadError);
  expect(error.message).toMatch(pattern);
  expect(tf.memory().numTensors).toBe(before);
}

describe('MNIST-layout files from a source', () => {
  test('loadFashionMnist reads .gz files from a directory, with class names', async () => {
    const dir = fixtureDir({ train: 12, test: 5, gzip: true });
    using fashion = await loadFashionMnist({ source: dir });
    expect(fashion.train.images.shape).toEqual([12, 28, 28]);
    expect(fashion.test.labels.shape).toEqual([5]);
    expect(fashion.classNames[9]).toBe('Ankle boot');
    const images = (await fashion.train.images.array()) as number[][][];
    expect(images[3]![5]![7]).toBeCloseTo(fixturePixel(3, 5, 7) / 255, 6);
    expect(Array.from(await fashion.train.labels.data())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  });

  test('loadMnist({ source }) takes plain files, file: URLs and http URLs (fetch, falling back to .gz)', async () => {
    const plain = fixtureDir({ train: 3, test: 2 });
    using fromPath = await loadMnist({ source: plain, flatten: true });
    expect(fromPath.train.images.shape).toEqual([3, 784]);
    using fromFileUrl = await loadMnist({ source: pathToFileURL(plain), limit: 1 });
    expect(fromFileUrl.test.images.shape).toEqual([1, 28, 28]);

    const gz = fixtureDir({ train: 4, test: 2, gzip: true });
    const server = await serveDirectory(gz);
    cleanups.push(server.close);
    using fromHttp = await loadMnist({ source: `${server.url}?token=abc` });
    expect(fromHttp.train.images.shape).toEqual([4, 28, 28]);
    expect(server.requests).toContain('/train-images-idx3-ubyte'); // 404, then:
    expect(server.requests).toContain('/train-images-idx3-ubyte.gz');
  });

  test('a missing file names every location tried and how to fix it', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    await expectLoadError(
      () => loadFashionMnist({ source: dir }),
      /Cannot find loadFashionMnist\(\) file 'train-images-idx3-ubyte': none of 'train-images-idx3-ubyte', 'train-images-idx3-ubyte\.gz' exists in '.*'\. Download the four files/,
    );
    await expect(loadFashionMnist({} as never)).rejects.toThrow(/needs \{ source \}/);
  });

  test('a truncated image file fails with its name and sizes, and no partial dataset', async () => {
    const dir = fixtureDir({ train: 10, test: 2 });
    const path = join(dir, 'train-images-idx3-ubyte');
    const full = encodeIdx({ dtype: 'uint8', shape: [10, 28, 28], values: new Uint8Array(7840) });
    writeFileSync(path, full.subarray(0, 5000));
    await expectLoadError(
      () => loadMnist({ source: dir }),
      /IDX file '.*train-images-idx3-ubyte' is truncated: expected 7856 bytes .* got 5000\. Download the file again\./,
    );
  });

  test('a truncated .gz file, a corrupt header, swapped files and mismatched counts', async () => {
    const dir = fixtureDir({ train: 10, test: 2, gzip: true });
    const labels = gzipSync(encodeIdx({ dtype: 'uint8', shape: [10], values: new Uint8Array(10) }));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), labels.subarray(0, labels.length - 10));
    await expectLoadError(
      () => loadMnist({ source: dir }),
      /train-labels-idx1-ubyte\.gz' is not valid gzip data/,
    );

    writeFileSync(
      join(dir, 'train-labels-idx1-ubyte.gz'),
      gzipSync(new TextEncoder().encode('<html>404</html>')),
    );
    await expectLoadError(() => loadMnist({ source: dir }), /bad magic number .*looks like HTML/);

    const images = encodeIdx({ dtype: 'uint8', shape: [10, 28, 28], values: new Uint8Array(7840) });
    writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(images));
    await expectLoadError(
      () => loadMnist({ source: dir }),
      /holds uint8 data of shape \[10, 28, 28\]; a label file.*swapped/,
    );

    writeFileSync(
      join(dir, 'train-labels-idx1-ubyte.gz'),
      gzipSync(encodeIdx({ dtype: 'uint8', shape: [9], values: new Uint8Array(9) })),
    );
    await expectLoadError(
      () => loadMnist({ source: dir }),
      /has 10 images but .* has 9 labels.*download both again/,
    );

    const bad = Uint8Array.from({ length: 10 }, (_, i) => (i === 4 ? 12 : 1));
    writeFileSync(
      join(dir, 'train-labels-idx1-ubyte.gz'),
      gzipSync(encodeIdx({ dtype: 'uint8', shape: [10], values: bad })),
    );
    await expectLoadError(
      () => loadMnist({ source: dir }),
      /label 12 at index 4 is not a class index in \[0, 10\)/,
    );
  });
});
