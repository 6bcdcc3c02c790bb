import * as tf from '@strata/core';
import { InvalidArgumentError, LoadError, type Tensor, UnknownNameError } from '@strata/core';

/** Options shared by the image loaders (loadMnist, loadFashionMnist, loadCifar10). */
export interface ImageLoadOptions {
  /** Scale pixels to float32 in [0, 1] (pixel / 255). Default: `true`. */
  normalize?: boolean;
  /** Images as rows of pixels, `[n, 784]` for MNIST, instead of `[n, 28, 28]`. Default: `false`. */
  flatten?: boolean;
  /** Labels as float32 one-hot rows `[n, 10]` instead of int32 class indices `[n]`. Default: `false`. */
  oneHot?: boolean;
  /** Keep only the first `limit` examples of each split (train and test). Default: all. */
  limit?: number;
  /**
   * Image dtype. Default: `'float32'`. `'int32'` keeps raw pixel values 0..255 and needs `normalize: false`.
   * (TensorFlow.js has no uint8 tensors, the dtype Keras returns.)
   */
  dtype?: 'float32' | 'int32';
}

/** One split of an image dataset. */
export interface ImageSplit {
  /** `[n, height, width]` (grayscale) or `[n, height, width, channels]`, or `[n, pixels]` with `flatten`. */
  images: Tensor;
  /** int32 class indices `[n]`, or float32 `[n, classes]` with `oneHot`. */
  labels: Tensor;
}

/** A loaded image dataset. Owns its four tensors: free them with `dispose()` or `using`. */
export interface ImageDataset extends Disposable {
  train: ImageSplit;
  test: ImageSplit;
  /** Human-readable name of each class index. */
  classNames: readonly string[];
  dispose(): void;
}

/** A split as read from the files, before any conversion. */
export interface RawSplit {
  /** `count` images of `imageShape` uint8 pixels, row-major. */
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
  imageShape: number[];
}

export interface ResolvedImageOptions {
  normalize: boolean;
  flatten: boolean;
  oneHot: boolean;
  limit: number;
  dtype: 'float32' | 'int32';
}

/** Validates the options before any file is read, so a bad option fails fast. */
export function resolveImageOptions(where: string, options: ImageLoadOptions): ResolvedImageOptions {
  const normalize = options.normalize ?? true;
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'int32') {
    throw new UnknownNameError('dtype', String(dtype), ['float32', 'int32'], `(in ${where})`);
  }
  if (normalize && dtype === 'int32') {
    throw new InvalidArgumentError(
      `${where}: normalize: true gives values in [0, 1], which dtype 'int32' cannot hold. Pass ` +
        'normalize: false to get raw 0..255 pixels as int32, or drop dtype to get float32.',
    );
  }
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  if (!(limit === Number.POSITIVE_INFINITY || (Number.isInteger(limit) && limit >= 1))) {
    throw new InvalidArgumentError(`${where}: limit must be a positive integer, got ${options.limit}.`);
  }
  return { normalize, dtype, limit, flatten: options.flatten ?? false, oneHot: options.oneHot ?? false };
}

/** Checks that every label is a class index; `where` names the file. */
export function checkLabels(where: string, labels: Uint8Array, numClasses: number, hint = ''): void {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]! >= numClasses) {
      throw new LoadError(
        `${where}: label ${labels[i]} at index ${i} is not a class index in [0, ${numClasses}).${hint} ` +
          'The file is corrupt or belongs to another dataset.',
      );
    }
  }
}

/** Converts both splits and creates the tensors last, so a failure leaves no tensor behind. */
export function makeImageDataset(
  train: RawSplit,
  test: RawSplit,
  classNames: readonly string[],
  options: ResolvedImageOptions,
): ImageDataset {
  const converted = [train, test].map((split) => convertSplit(split, classNames.length, options));
  const tensors: Tensor[] = [];
  try {
    for (const c of converted) {
      tensors.push(tf.tensor(c.images, c.imageShape, options.dtype));
      tensors.push(tf.tensor(c.labels, c.labelShape, options.oneHot ? 'float32' : 'int32'));
    }
  } catch (error) {
    tf.dispose(tensors);
    throw error;
  }
  const [trainImages, trainLabels, testImages, testLabels] = tensors as [Tensor, Tensor, Tensor, Tensor];
  const dispose = () => tf.dispose(tensors);
  return {
    train: { images: trainImages, labels: trainLabels },
    test: { images: testImages, labels: testLabels },
    classNames,
    dispose,
    [Symbol.dispose]: dispose,
  };
}

function convertSplit(split: RawSplit, numClasses: number, options: ResolvedImageOptions) {
  const count = Math.min(split.count, options.limit);
  const pixelsPerImage = split.imageShape.reduce((a, b) => a * b, 1);
  const pixels = split.pixels.subarray(0, count * pixelsPerImage);
  let images: Float32Array | Int32Array;
  if (options.dtype === 'int32') {
    images = Int32Array.from(pixels);
  } else {
    images = new Float32Array(pixels.length);
    // Divide rather than multiply by 1/255: x / 255 rounds like Keras's `x / 255.0` in float32.
    if (options.normalize) for (let i = 0; i < pixels.length; i++) images[i] = pixels[i]! / 255;
    else images.set(pixels);
  }
  const labelValues = split.labels.subarray(0, count);
  let labels: Float32Array | Int32Array;
  if (options.oneHot) {
    labels = new Float32Array(count * numClasses);
    for (let i = 0; i < count; i++) labels[i * numClasses + labelValues[i]!] = 1;
  } else {
    labels = Int32Array.from(labelValues);
  }
  return {
    images,
    imageShape: options.flatten ? [count, pixelsPerImage] : [count, ...split.imageShape],
    labels,
    labelShape: options.oneHot ? [count, numClasses] : [count],
  };
}
