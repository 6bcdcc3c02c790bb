import { InvalidArgumentError } from '@strata/core';
import type { Rows, TensorStructure } from '../pipeline/dataset.js';
import { disposeElement } from '../pipeline/element.js';
import { HostTable } from '../pipeline/host-table.js';
import { permutation, randomSeed, type Seed } from '../pipeline/random.js';

export interface TrainTestSplitOptions {
  /** The test part: a fraction in (0, 1) or a number of rows. Default: `0.25` (as scikit-learn). */
  testSize?: number;
  /** Shuffle the rows before splitting. Default: `true`. */
  shuffle?: boolean;
  /** Seed for the shuffle; the same seed gives the same split. Default: random. */
  seed?: Seed;
}

/** The two parts of a split; frees all four (or more) tensors on `[Symbol.dispose]()`. */
export interface TrainTestSplit<S> extends Disposable {
  train: S;
  test: S;
  dispose(): void;
}

/**
 * Splits tensors row-wise into a training and a test part, keeping their structure:
 * `trainTestSplit({ xs, ys }, { testSize: 0.2, seed: 1 })` gives `{ train: { xs, ys }, test: { xs, ys } }`.
 * The test part has `ceil(testSize * n)` rows for a fraction (scikit-learn's rule). Without shuffling, the test
 * part is the last rows. The inputs are not disposed; the result owns new tensors.
 */
export async function trainTestSplit<const S extends TensorStructure>(
  data: S,
  options: TrainTestSplitOptions = {},
): Promise<TrainTestSplit<Rows<S>>> {
  const table = HostTable.fromTensors(data, 'trainTestSplit()');
  const n = table.size;
  const testSize = options.testSize ?? 0.25;
  const testRows =
    testSize > 0 && testSize < 1
      ? Math.ceil(testSize * n)
      : Number.isInteger(testSize)
        ? testSize
        : Number.NaN;
  if (!(testRows >= 1 && testRows <= n - 1)) {
    throw new InvalidArgumentError(
      `trainTestSplit(): testSize ${testSize} leaves ${Number.isNaN(testRows) ? 'no valid split' : `${testRows} test rows`} ` +
        `of ${n}; both parts need at least one row. Pass a fraction in (0, 1) or a row count in [1, ${n - 1}].`,
    );
  }
  await table.ready();
  const order =
    (options.shuffle ?? true)
      ? permutation(n, options.seed ?? randomSeed())
      : Int32Array.from({ length: n }, (_, i) => i);
  // Typed loosely here: spelling out Rows<S> for a generic S makes TypeScript recurse too deep.
  const train: any = table.batch(order.subarray(0, n - testRows));
  const test: any = table.batch(order.subarray(n - testRows));
  const dispose = () => {
    disposeElement(train);
    disposeElement(test);
  };
  const split: TrainTestSplit<any> = { train, test, dispose, [Symbol.dispose]: dispose };
  return split;
}
