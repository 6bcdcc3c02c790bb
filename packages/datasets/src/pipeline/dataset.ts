import { InvalidArgumentError, type Tensor } from '@strata/core';
import {
  type DisposableBatch,
  describe,
  disposeElement,
  type NumericArray,
  type TypedArray,
} from './element.js';
import { HostTable } from './host-table.js';
import {
  type IndexOrder,
  rangeOrder,
  repeatOrder,
  shuffleOrder,
  skipOrder,
  takeOrder,
} from './index-order.js';
import { createRandom, randomSeed, type Seed } from './random.js';
import { shuffleElements } from './shuffle-buffer.js';
import {
  batchStream,
  batchTable,
  cacheStream,
  filterStream,
  generatorStream,
  mapAsyncStream,
  mapStream,
  prefetchStream,
  repeatStream,
  skipStream,
  tableStream,
  takeStream,
  zipStream,
} from './stream-operators.js';

/** Tensors in a structure: a tensor, or an array/object of them, e.g. `{ xs, ys }` or `[xs, ys]`. */
export type TensorStructure =
  | Tensor
  | readonly TensorStructure[]
  | { readonly [key: string]: TensorStructure };

/** JavaScript arrays in a structure; each leaf's first axis is the rows. */
export type ArrayStructure =
  | TypedArray
  | NumericArray
  | readonly ArrayStructure[]
  | { readonly [key: string]: ArrayStructure };

/** The element type of a fromTensors()/fromArrays() dataset: the structure, each leaf a tensor (one row). */
export type Rows<S> = S extends Tensor | TypedArray | NumericArray
  ? Tensor
  : S extends readonly unknown[]
    ? { -readonly [K in keyof S]: Rows<S[K]> }
    : { -readonly [K in keyof S]: Rows<S[K]> };

/** The element type of a zip() of datasets. */
export type Zipped<D> = { -readonly [K in keyof D]: D[K] extends Dataset<infer E> ? E : never };

/** What a generator given to fromGenerator() may return. */
export type GeneratorLike<T> = Iterator<T> | AsyncIterator<T> | Iterable<T> | AsyncIterable<T>;

export interface BatchOptions {
  /** Drop the last batch when it has fewer than `batchSize` elements. Default: `false`. */
  dropRemainder?: boolean;
}

export interface ShuffleOptions {
  /** Give every pass (epoch) a new order, still reproducible from the seed. Default: `true`. */
  reshuffleEachIteration?: boolean;
}

interface Init<T> {
  open?: () => AsyncGenerator<T>;
  plan?: { table: HostTable; order: IndexOrder };
  size: number | null;
  parents?: readonly Dataset<unknown>[];
  release?: () => void;
}

/**
 * A lazy, re-iterable pipeline of elements: `for await (const x of dataset)` runs one pass (an epoch), and every
 * new `for await` starts a new one. Build it with `fromTensors`, `fromArrays` or `fromGenerator`, then chain
 * `map`, `filter`, `shuffle`, `batch`, `take`, `skip`, `repeat`, `prefetch`, `cache`, `zip`.
 *
 * **Tensor ownership:** every element or batch a pass yields belongs to the consumer, who disposes it once used
 * (`tf.dispose(batch)`, or `for await (using batch of ds)`: batches have `[Symbol.dispose]()`). Operators free
 * everything they drop themselves (filtered-out, skipped, still buffered or prefetched when a pass stops early),
 * so a pass leaks nothing. `Model.fit` disposes each batch after its training step.
 *
 * **For training,** batches are `{ xs, ys }` (or `[xs, ys]`) whose leaves are tensors with the batch as axis 0;
 * `xs` may also be an array or object of tensors for a model with several inputs.
 *
 * @example
 * const ds = Dataset.fromTensors({ xs: images, ys: labels }).shuffle(60000, 42).batch(32);
 * for await (using batch of ds) await model.trainOnBatch(batch.xs, batch.ys);
 */
export class Dataset<T> implements AsyncIterable<T>, Disposable {
  /** Elements per pass: a number when it can be known without iterating, `Infinity` when endless, else `null`. */
  readonly size: number | null;
  readonly #open: () => AsyncGenerator<T>;
  readonly #plan: Init<T>['plan'];
  readonly #parents: readonly Dataset<unknown>[];
  readonly #release: (() => void) | undefined;

  private constructor(init: Init<T>) {
    this.size = init.size;
    this.#plan = init.plan;
    this.#parents = init.parents ?? [];
    this.#release = init.release;
    const plan = init.plan;
    this.#open = init.open ?? (() => tableStream<T>(plan!.table, plan!.order));
  }

  /**
   * One element per row of the tensors (sliced along axis 0), keeping their structure: `fromTensors({ xs, ys })`
   * yields `{ xs: xs[i], ys: ys[i] }`. The values are read to host memory once (on the cpu backend without a
   * copy), so you may dispose the tensors afterwards; batches are then built by copying rows, which makes
   * `shuffle(...).batch(...)` over a whole dataset cheap.
   */
  static fromTensors<const S extends TensorStructure>(tensors: S): Dataset<Rows<S>> {
    const table = HostTable.fromTensors(tensors, 'Dataset.fromTensors()');
    return new Dataset<Rows<S>>({ plan: { table, order: rangeOrder(table.size) }, size: table.size });
  }

  /**
   * One element per row of JavaScript arrays: typed arrays (a number per row) or nested number arrays, e.g.
   * `fromArrays({ xs: [[0, 0], [0, 1]], ys: [0, 1] })`. Elements are tensors (float32, int32 for integer typed
   * arrays, bool for booleans).
   */
  static fromArrays<const S extends ArrayStructure>(arrays: S): Dataset<Rows<S>> {
    const table = HostTable.fromArrays(arrays, 'Dataset.fromArrays()');
    return new Dataset<Rows<S>>({ plan: { table, order: rangeOrder(table.size) }, size: table.size });
  }

  /**
   * Elements from a generator function, sync or async (`function*` or `async function*`), called once per pass.
   * Elements may hold tensors, numbers, booleans, typed arrays or number arrays; batch() turns them into tensors.
   */
  static fromGenerator<T>(generator: () => GeneratorLike<T> | Promise<GeneratorLike<T>>): Dataset<T> {
    if (typeof generator !== 'function') {
      throw new InvalidArgumentError(
        `Dataset.fromGenerator() needs a function that returns an iterator, got ${describe(generator)}. ` +
          'Pass the generator function itself (function* () { ... }), not its result.',
      );
    }
    return new Dataset<T>({ size: null, open: () => generatorStream<T>(generator) });
  }

  /**
   * Combines datasets element by element into the structure given: `Dataset.zip({ xs: images, ys: labels })`
   * yields `{ xs, ys }`; an array yields tuples. Stops with the shortest.
   */
  static zip<const D extends readonly Dataset<any>[] | { readonly [key: string]: Dataset<any> }>(
    datasets: D,
  ): Dataset<Zipped<D>> {
    const entries = Object.values(datasets) as Dataset<unknown>[];
    if (entries.length === 0 || !entries.every((d) => d instanceof Dataset)) {
      throw new InvalidArgumentError(
        'Dataset.zip() needs a non-empty array or object of datasets, e.g. Dataset.zip({ xs: a, ys: b }).',
      );
    }
    const sizes = entries.map((d) => d.size);
    const size = sizes.includes(null) ? null : Math.min(...(sizes as number[]));
    const keys = Array.isArray(datasets) ? null : Object.keys(datasets);
    return new Dataset<Zipped<D>>({
      size,
      parents: entries,
      open: () => zipStream(entries, keys) as AsyncGenerator<Zipped<D>>,
    });
  }

  /** This dataset and `other` side by side: elements `[a, b]`. Same as `Dataset.zip([this, other])`. */
  zip<U>(other: Dataset<U>): Dataset<[T, U]> {
    return Dataset.zip([this, other] as const) as unknown as Dataset<[T, U]>;
  }

  /**
   * Applies `fn` to every element. It runs in a tensor scope (tensors it makes and does not return are freed),
   * and the tensors of its argument that it does not return are freed after it. For async functions use mapAsync().
   */
  map<U>(fn: (element: T) => U): Dataset<U> {
    requireFunction('map()', fn);
    return this.#derive(this.size, () => mapStream(this, fn));
  }

  /** Like map(), for an async `fn`. No tensor scope: free the intermediate tensors you make (or use tf.tidy inside). */
  mapAsync<U>(fn: (element: T) => Promise<U>): Dataset<U> {
    requireFunction('mapAsync()', fn);
    return this.#derive(this.size, () => mapAsyncStream(this, fn));
  }

  /** Keeps the elements for which `predicate` returns true; the others are freed. */
  filter(predicate: (element: T) => boolean): Dataset<T> {
    requireFunction('filter()', predicate);
    return this.#derive(null, () => filterStream(this, predicate));
  }

  /**
   * Stacks `batchSize` consecutive elements into one: every leaf becomes a tensor whose axis 0 is the batch
   * (numbers → float32 [n], tensors of shape s → [n, ...s]). The last batch may be smaller unless `dropRemainder`.
   */
  batch(batchSize: number, options: BatchOptions = {}): Dataset<DisposableBatch<T>> {
    requireCount('batch()', 'batchSize', batchSize, 1, false);
    const dropRemainder = options.dropRemainder ?? false;
    const size =
      this.size === null
        ? null
        : dropRemainder
          ? Math.floor(this.size / batchSize)
          : Math.ceil(this.size / batchSize);
    const plan = this.#plan;
    return this.#derive(size, () =>
      plan
        ? batchTable<DisposableBatch<T>>(plan.table, plan.order, batchSize, dropRemainder)
        : batchStream<T, DisposableBatch<T>>(this, batchSize, dropRemainder),
    );
  }

  /**
   * Shuffles with a buffer of `bufferSize` elements (tf.data's algorithm). A buffer as large as the dataset
   * (`ds.size`) gives a uniform shuffle. The same `seed` gives the same order on every platform; each pass gets
   * a new order unless `reshuffleEachIteration` is false. On fromTensors()/fromArrays() data only row indices
   * are shuffled, so a full-size buffer costs 4 bytes per row.
   */
  shuffle(bufferSize: number, seed: Seed = randomSeed(), options: ShuffleOptions = {}): Dataset<T> {
    requireCount('shuffle()', 'bufferSize', bufferSize, 1);
    if (typeof seed !== 'number' && typeof seed !== 'string') {
      throw new InvalidArgumentError(`shuffle(): seed must be a number or a string, got ${describe(seed)}.`);
    }
    const reshuffle = options.reshuffleEachIteration ?? true;
    let passes = 0;
    const nextSalt = () => (reshuffle ? passes++ : 0);
    if (this.#plan) {
      const order = shuffleOrder(this.#plan.order, bufferSize, seed, nextSalt);
      return this.#derivePlan(order);
    }
    return this.#derive(this.size, () =>
      shuffleElements(this[Symbol.asyncIterator](), bufferSize, createRandom(seed, nextSalt())),
    );
  }

  /** The first `count` elements of each pass. */
  take(count: number): Dataset<T> {
    requireCount('take()', 'count', count, 0);
    if (this.#plan) return this.#derivePlan(takeOrder(this.#plan.order, count));
    const size = this.size === null ? null : Math.min(this.size, count);
    return this.#derive(size, () => takeStream(this, count));
  }

  /** Skips the first `count` elements of each pass (they are freed). */
  skip(count: number): Dataset<T> {
    requireCount('skip()', 'count', count, 0);
    if (this.#plan) return this.#derivePlan(skipOrder(this.#plan.order, count));
    const size = this.size === null ? null : Math.max(this.size - count, 0);
    return this.#derive(size, () => skipStream(this, count));
  }

  /** Runs `count` passes of this dataset as one (default: endlessly). Shuffled data is reshuffled each time. */
  repeat(count = Number.POSITIVE_INFINITY): Dataset<T> {
    requireCount('repeat()', 'count', count, 0);
    if (this.#plan) return this.#derivePlan(repeatOrder(this.#plan.order, count));
    const size = this.size === null ? null : this.size === 0 ? 0 : this.size * count;
    return this.#derive(size, () => repeatStream(this, count));
  }

  /**
   * Prepares up to `bufferSize` elements ahead while the consumer works on the current one, so loading (file or
   * network reads, async generators) overlaps with training. Elements still queued when a pass stops are freed.
   */
  prefetch(bufferSize: number): Dataset<T> {
    requireCount('prefetch()', 'bufferSize', bufferSize, 1, false);
    return this.#derive(this.size, () => prefetchStream(this, bufferSize));
  }

  /**
   * Keeps the elements of the first complete pass (tensors on the backend) and replays them in later passes,
   * skipping the work upstream. A pass stopped early caches nothing. Free the cache with `dispose()`.
   */
  cache(): Dataset<T> {
    const { open, release } = cacheStream(this);
    return new Dataset<T>({ size: this.size, parents: [this], release, open });
  }

  /** Runs one pass and returns every element. The caller owns them all; avoid it on large tensor datasets. */
  async toArray(): Promise<T[]> {
    if (this.size === Number.POSITIVE_INFINITY) {
      throw new InvalidArgumentError(
        'toArray() on an endless dataset would never return. Use take(n) first.',
      );
    }
    const out: T[] = [];
    try {
      for await (const element of this) out.push(element);
    } catch (error) {
      for (const element of out) disposeElement(element);
      throw error;
    }
    return out;
  }

  /** Starts a pass (an epoch). */
  [Symbol.asyncIterator](): AsyncGenerator<T> {
    return this.#open();
  }

  /** Frees the tensors this dataset and the datasets it was built from hold (cache() contents). */
  dispose(): void {
    this.#release?.();
    for (const parent of this.#parents) parent.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  #derive<U>(size: number | null, open: () => AsyncGenerator<U>): Dataset<U> {
    return new Dataset<U>({ size, open, parents: [this] });
  }

  #derivePlan(order: IndexOrder): Dataset<T> {
    return new Dataset<T>({ plan: { table: this.#plan!.table, order }, size: order.size, parents: [this] });
  }
}

function requireFunction(where: string, fn: unknown): void {
  if (typeof fn !== 'function') {
    throw new InvalidArgumentError(`${where} needs a function, got ${describe(fn)}.`);
  }
}

function requireCount(where: string, name: string, value: number, min: number, allowInfinity = true): void {
  const ok =
    typeof value === 'number' &&
    value >= min &&
    (Number.isInteger(value) || (allowInfinity && value === Number.POSITIVE_INFINITY));
  if (!ok) {
    throw new InvalidArgumentError(
      `${where}: ${name} must be an integer ≥ ${min}${allowInfinity ? ' (or Infinity)' : ''}, got ` +
        `${typeof value === 'number' ? value : describe(value)}.`,
    );
  }
}
