import { LoadError } from '@strata/core';
import { readIdx } from '../idx/read-idx.js';
import {
  checkLabels,
  type ImageDataset,
  makeImageDataset,
  type RawSplit,
  type ResolvedImageOptions,
} from '../images/image-data.js';
import { readFirst, type Source } from '../io/read-source.js';

/** The four files of MNIST and the datasets that copy its layout (Fashion-MNIST, KMNIST). */
export const mnistFiles = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/**
 * Reads the four MNIST-layout files from `source` (each plain or `.gz`), validates them against each other, and
 * only then creates tensors: a bad file throws before anything is allocated.
 */
export async function loadIdxImages(
  where: string,
  source: Source,
  classNames: readonly string[],
  options: ResolvedImageOptions,
  fix: string,
): Promise<ImageDataset> {
  const read = async (file: string) => {
    const { bytes, location } = await readFirst(source, [file, `${file}.gz`], `${where} file '${file}'`, fix);
    return { idx: await readIdx(bytes, { name: location }), location };
  };
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    read(mnistFiles.trainImages),
    read(mnistFiles.trainLabels),
    read(mnistFiles.testImages),
    read(mnistFiles.testLabels),
  ]);
  const train = toSplit(where, trainImages, trainLabels, classNames.length);
  const test = toSplit(where, testImages, testLabels, classNames.length);
  return makeImageDataset(train, test, classNames, options);
}

type ReadFile = { idx: Awaited<ReturnType<typeof readIdx>>; location: string };

function toSplit(where: string, images: ReadFile, labels: ReadFile, numClasses: number): RawSplit {
  if (images.idx.dtype !== 'uint8' || images.idx.shape.length !== 3) {
    throw new LoadError(
      `${where}: '${images.location}' holds ${images.idx.dtype} data of shape [${images.idx.shape.join(', ')}]; ` +
        'an image file holds uint8 data of shape [count, height, width]. Check that the files are not swapped.',
    );
  }
  if (labels.idx.dtype !== 'uint8' || labels.idx.shape.length !== 1) {
    throw new LoadError(
      `${where}: '${labels.location}' holds ${labels.idx.dtype} data of shape [${labels.idx.shape.join(', ')}]; ` +
        'a label file holds uint8 data of shape [count]. Check that the files are not swapped.',
    );
  }
  const [count, height, width] = images.idx.shape as [number, number, number];
  if (labels.idx.shape[0] !== count) {
    throw new LoadError(
      `${where}: '${images.location}' has ${count} images but '${labels.location}' has ${labels.idx.shape[0]} ` +
        'labels. The two files come from different datasets or versions: download both again.',
    );
  }
  checkLabels(`${where}: '${labels.location}'`, labels.idx.values as Uint8Array, numClasses);
  return {
    pixels: images.idx.values as Uint8Array,
    labels: labels.idx.values as Uint8Array,
    count,
    imageShape: [height, width],
  };
}
