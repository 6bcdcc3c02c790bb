import { InvalidArgumentError } from '@strata/core';
import { type ImageDataset, type ImageLoadOptions, resolveImageOptions } from '../images/image-data.js';
import type { Source } from '../io/read-source.js';
import { loadIdxImages } from './load-idx-images.js';

export interface LoadFashionMnistOptions extends ImageLoadOptions {
  /** A directory path or base URL holding the four Fashion-MNIST files (same names as MNIST's, plain or .gz). */
  source: Source;
}

/** Class names of Fashion-MNIST's labels 0–9 (from the dataset's README). */
export const fashionMnistClassNames = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/**
 * Fashion-MNIST (Zalando): 28×28 grayscale images of clothing in 10 classes, in MNIST's layout and file names,
 * as `keras.datasets.fashion_mnist.load_data()` gives them. Reads from `source`; never downloads by itself.
 * Same options and result as loadMnist(), plus `classNames`.
 *
 * @example
 * using fashion = await loadFashionMnist({ source: './data/fashion-mnist' });
 */
export async function loadFashionMnist(options: LoadFashionMnistOptions): Promise<ImageDataset> {
  const resolved = resolveImageOptions('loadFashionMnist()', options ?? {});
  if (!options?.source) {
    throw new InvalidArgumentError(
      'loadFashionMnist() needs { source }: a directory or base URL holding train-images-idx3-ubyte.gz, ' +
        'train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz ' +
        '(from github.com/zalandoresearch/fashion-mnist).',
    );
  }
  return loadIdxImages(
    'loadFashionMnist()',
    options.source,
    fashionMnistClassNames,
    resolved,
    'Download the four files from github.com/zalandoresearch/fashion-mnist into that directory.',
  );
}
