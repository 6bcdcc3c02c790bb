import { InvalidArgumentError, LoadError } from '@strata/core';
import {
  checkLabels,
  type ImageDataset,
  type ImageLoadOptions,
  makeImageDataset,
  type RawSplit,
  resolveImageOptions,
} from '../images/image-data.js';
import { gunzip, isGzip } from '../io/gunzip.js';
import { joinSource, readFirst, readSource, type Source } from '../io/read-source.js';

export interface LoadCifar10Options extends ImageLoadOptions {
  /**
   * A directory path or base URL holding the binary version's `data_batch_1.bin` … `data_batch_5.bin` and
   * `test_batch.bin` (plain or .gz), directly or in a `cifar-10-batches-bin/` subdirectory (the archive's layout).
   */
  source: Source;
}

/** Class names of CIFAR-10's labels 0–9 (batches.meta.txt). */
export const cifar10ClassNames = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
] as const;

/** Bytes per record in the binary version: 1 label byte, then 3072 pixels (1024 red, 1024 green, 1024 blue). */
export const cifarRecordBytes = 1 + 3 * 32 * 32;
const trainFiles = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
const testFile = 'test_batch.bin';
const fix =
  'Download cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html and extract it ' +
  'into the source directory.';

/**
 * CIFAR-10: 32×32 colour images in 10 classes, 50,000 for training and 10,000 for testing, read from the binary
 * version's files. Images come back NHWC, `[50000, 32, 32, 3]` (the files store each image channel by channel),
 * float32 in [0, 1] by default; labels int32 `[50000]` (Keras gives `[50000, 1]`). Never downloads by itself.
 *
 * @example
 * using cifar = await loadCifar10({ source: './data/cifar-10-batches-bin' });
 * cifar.train.images.shape; // [50000, 32, 32, 3]
 */
export async function loadCifar10(options: LoadCifar10Options): Promise<ImageDataset> {
  const resolved = resolveImageOptions('loadCifar10()', options ?? {});
  if (!options?.source) {
    throw new InvalidArgumentError(
      'loadCifar10() needs { source }: a directory or base URL holding data_batch_1.bin … data_batch_5.bin and ' +
        `test_batch.bin. ${fix}`,
    );
  }
  // Find where the files are (directly in source, or in the archive's subdirectory), then read the rest there.
  const first = trainFiles[0]!;
  const located = await readFirst(
    options.source,
    [first, `${first}.gz`, `cifar-10-batches-bin/${first}`, `cifar-10-batches-bin/${first}.gz`],
    `loadCifar10() file '${first}'`,
    fix,
  );
  const base = located.location.slice(0, located.location.lastIndexOf('/') + 1);
  const read = async (file: string) => {
    if (file === first) return parseRecords(located.bytes, located.location);
    for (const name of [file, `${file}.gz`]) {
      const location = String(joinSource(base, name));
      const bytes = await readSource(location, `loadCifar10() file '${file}'`);
      if (bytes) return parseRecords(bytes, location);
    }
    throw new LoadError(`loadCifar10(): '${file}' (or '${file}.gz') is missing from '${base}'. ${fix}`);
  };
  const [trainParts, test] = await Promise.all([Promise.all(trainFiles.map(read)), read(testFile)]);
  return makeImageDataset(concat(trainParts), test, cifar10ClassNames, resolved);
}

/** Parses one batch file: validates its length and labels, and reorders pixels from CHW to HWC. */
async function parseRecords(raw: Uint8Array, location: string): Promise<RawSplit> {
  const bytes = isGzip(raw) ? await gunzip(raw, location) : raw;
  const where = `CIFAR-10 file '${location}'`;
  if (bytes.length === 0 || bytes.length % cifarRecordBytes !== 0) {
    const whole = Math.floor(bytes.length / cifarRecordBytes);
    const cifar100 = bytes.length > 0 && bytes.length % (cifarRecordBytes + 1) === 0;
    throw new LoadError(
      `${where} is truncated or not a CIFAR-10 batch: expected a multiple of ${cifarRecordBytes} bytes ` +
        `(1 label byte + 3072 pixel bytes per image; a full batch is ${10000 * cifarRecordBytes}), got ` +
        `${bytes.length} (${whole} whole records and ${bytes.length - whole * cifarRecordBytes} bytes more).` +
        (cifar100
          ? ' Its length fits CIFAR-100 records (2 label bytes), which this loader does not read.'
          : ' Download the file again.'),
    );
  }
  const count = bytes.length / cifarRecordBytes;
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * 3072);
  for (let r = 0; r < count; r++) {
    const record = r * cifarRecordBytes;
    labels[r] = bytes[record]!;
    const out = r * 3072;
    for (let channel = 0; channel < 3; channel++) {
      const plane = record + 1 + channel * 1024;
      for (let p = 0; p < 1024; p++) pixels[out + p * 3 + channel] = bytes[plane + p]!;
    }
  }
  checkLabels(
    where,
    labels,
    10,
    ' (CIFAR-100 files have two label bytes per record; this loader reads CIFAR-10.)',
  );
  return { pixels, labels, count, imageShape: [32, 32, 3] };
}

function concat(parts: RawSplit[]): RawSplit {
  const count = parts.reduce((n, p) => n + p.count, 0);
  const pixels = new Uint8Array(count * 3072);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const part of parts) {
    pixels.set(part.pixels, at * 3072);
    labels.set(part.labels, at);
    at += part.count;
  }
  return { pixels, labels, count, imageShape: [32, 32, 3] };
}
