import * as tf from '@strata/core';
import { InvalidArgumentError, type Tensor } from '@strata/core';
import { batchRows } from './batch-rows.js';
import {
  type DisposableBatch,
  describe,
  disposeElement,
  disposeUnused,
  isTensor,
  isTypedArray,
  leavesOf,
  makeDisposable,
  type NumericArray,
  rebuild,
  scoped,
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
    this.#open =
      init.open ??
      async function* () {
        await plan!.table.ready();
        const rows = plan!.order.open();
        for (let r = rows.next(); !r.done; r = rows.next()) yield plan!.table.element(r.value) as T;
      };
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
    return new Dataset<T>({
      size: null,
      open: async function* () {
        const made = await generator();
        const iterator = toIterator<T>(made);
        try {
          for (let r = await iterator.next(); !r.done; r = await iterator.next()) yield r.value;
        } finally {
          await iterator.return?.();
        }
      },
    });
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
    return new Dataset<Zipped<D>>({
      size,
      parents: entries,
      open: async function* () {
        const iterators = entries.map((d) => d[Symbol.asyncIterator]());
        try {
          while (true) {
            const settled = await Promise.allSettled(iterators.map((it) => it.next()));
            const values = settled.flatMap((s) =>
              s.status === 'fulfilled' && !s.value.done ? [s.value.value] : [],
            );
            if (values.length < settled.length) {
              for (const v of values) disposeElement(v);
              const failure = settled.find((s) => s.status === 'rejected');
              if (failure) throw (failure as PromiseRejectedResult).reason;
              return;
            }
            const zipped = Array.isArray(datasets)
              ? values
              : Object.fromEntries(Object.keys(datasets).map((k, i) => [k, values[i]]));
            yield makeDisposable(zipped) as Zipped<D>;
          }
        } finally {
          await Promise.all(iterators.map((it) => it.return(undefined)));
        }
      },
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
    const parent = this;
    return this.#derive<U>(this.size, async function* () {
      for await (const element of parent) {
        let mapped: U;
        try {
          mapped = scoped('map()', 'mapAsync()', () => fn(element));
        } catch (error) {
          disposeElement(element);
          throw error;
        }
        disposeUnused(element, mapped);
        yield mapped;
      }
    });
  }

  /** Like map(), for an async `fn`. No tensor scope: free the intermediate tensors you make (or use tf.tidy inside). */
  mapAsync<U>(fn: (element: T) => Promise<U>): Dataset<U> {
    requireFunction('mapAsync()', fn);
    const parent = this;
    return this.#derive<U>(this.size, async function* () {
      for await (const element of parent) {
        let mapped: U;
        try {
          mapped = await fn(element);
        } catch (error) {
          disposeElement(element);
          throw error;
        }
        disposeUnused(element, mapped);
        yield mapped;
      }
    });
  }

  /** Keeps the elements for which `predicate` returns true; the others are freed. */
  filter(predicate: (element: T) => boolean): Dataset<T> {
    requireFunction('filter()', predicate);
    const parent = this;
    return this.#derive<T>(null, async function* () {
      for await (const element of parent) {
        let keep: boolean;
        try {
          keep = scoped('filter()', 'mapAsync() to compute the condition, then filter()', () =>
            predicate(element),
          );
        } catch (error) {
          disposeElement(element);
          throw error;
        }
        if (keep) yield element;
        else disposeElement(element);
      }
    });
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
    if (plan) {
      return this.#derive(size, async function* () {
        await plan.table.ready();
        const indices: number[] = [];
        const rows = plan.order.open();
        for (let r = rows.next(); !r.done; r = rows.next()) {
          indices.push(r.value);
          if (indices.length === batchSize) {
            const batch = plan.table.batch(indices);
            indices.length = 0;
            yield batch as DisposableBatch<T>;
          }
        }
        if (indices.length > 0 && !dropRemainder) yield plan.table.batch(indices) as DisposableBatch<T>;
      });
    }
    const parent = this;
    return this.#derive(size, async function* () {
      let rows: T[] = [];
      try {
        for await (const element of parent) {
          rows.push(element);
          if (rows.length === batchSize) {
            const full = rows;
            rows = [];
            yield batchRows(full) as DisposableBatch<T>;
          }
        }
        if (rows.length > 0 && !dropRemainder) {
          const rest = rows;
          rows = [];
          yield batchRows(rest) as DisposableBatch<T>;
        }
      } finally {
        for (const row of rows) disposeElement(row);
      }
    });
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
    const parent = this;
    const size = this.size === null ? null : Math.min(this.size, count);
    return this.#derive(size, async function* () {
      if (count <= 0) return;
      let taken = 0;
      for await (const element of parent) {
        yield element;
        // Stop before pulling another element: it would have to be made and freed for nothing.
        if (++taken >= count) return;
      }
    });
  }

  /** Skips the first `count` elements of each pass (they are freed). */
  skip(count: number): Dataset<T> {
    requireCount('skip()', 'count', count, 0);
    if (this.#plan) return this.#derivePlan(skipOrder(this.#plan.order, count));
    const parent = this;
    const size = this.size === null ? null : Math.max(this.size - count, 0);
    return this.#derive(size, async function* () {
      let skipped = 0;
      for await (const element of parent) {
        if (skipped < count) {
          skipped++;
          disposeElement(element);
        } else {
          yield element;
        }
      }
    });
  }

  /** Runs `count` passes of this dataset as one (default: endlessly). Shuffled data is reshuffled each time. */
  repeat(count = Number.POSITIVE_INFINITY): Dataset<T> {
    requireCount('repeat()', 'count', count, 0);
    if (this.#plan) return this.#derivePlan(repeatOrder(this.#plan.order, count));
    const parent = this;
    const size = this.size === null ? null : this.size === 0 ? 0 : this.size * count;
    return this.#derive(size, async function* () {
      for (let pass = 0; pass < count; pass++) {
        let any = false;
        for await (const element of parent) {
          any = true;
          yield element;
        }
        // An empty pass would make an endless repeat() spin forever.
        if (!any) return;
      }
    });
  }

  /**
   * Prepares up to `bufferSize` elements ahead while the consumer works on the current one, so loading (file or
   * network reads, async generators) overlaps with training. Elements still queued when a pass stops are freed.
   */
  prefetch(bufferSize: number): Dataset<T> {
    requireCount('prefetch()', 'bufferSize', bufferSize, 1, false);
    const parent = this;
    return this.#derive(this.size, async function* () {
      const source = parent[Symbol.asyncIterator]();
      const queue: Promise<IteratorResult<T>>[] = [];
      try {
        while (true) {
          while (queue.length < bufferSize) {
            const next = source.next();
            // Awaited later; until then a rejection must not count as unhandled.
            next.catch(() => {});
            queue.push(next);
          }
          const result = await queue.shift()!;
          if (result.done) return;
          yield result.value;
        }
      } finally {
        for (const pending of await Promise.allSettled(queue)) {
          if (pending.status === 'fulfilled' && !pending.value.done) disposeElement(pending.value.value);
        }
        await source.return(undefined);
      }
    });
  }

  /**
   * Keeps the elements of the first complete pass (tensors on the backend) and replays them in later passes,
   * skipping the work upstream. A pass stopped early caches nothing. Free the cache with `dispose()`.
   */
  cache(): Dataset<T> {
    const parent = this;
    let cached: T[] | null = null;
    const release = () => {
      for (const element of cached ?? []) disposeElement(element);
      cached = null;
    };
    return new Dataset<T>({
      size: this.size,
      parents: [this],
      release,
      open: async function* () {
        if (cached) {
          for (const element of cached) yield cloneElement(element);
          return;
        }
        const filling: T[] = [];
        let complete = false;
        try {
          for await (const element of parent) {
            filling.push(cloneElement(element, true));
            yield element;
          }
          complete = true;
        } finally {
          if (complete) {
            release();
            cached = filling;
          } else {
            for (const element of filling) disposeElement(element);
          }
        }
      },
    });
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

function toIterator<T>(made: unknown): Iterator<T> | AsyncIterator<T> {
  const candidate = made as Partial<AsyncIterable<T> & Iterable<T> & Iterator<T>> | null | undefined;
  const asyncIterator = candidate?.[Symbol.asyncIterator];
  if (typeof asyncIterator === 'function') return asyncIterator.call(candidate);
  const syncIterator = candidate?.[Symbol.iterator];
  if (typeof syncIterator === 'function') return syncIterator.call(candidate);
  if (typeof candidate?.next === 'function') return candidate as Iterator<T>;
  throw new InvalidArgumentError(
    `Dataset.fromGenerator(): the function returned ${describe(made)}, not an iterator. Pass a generator ` +
      'function (function* or async function*), or a function that returns an iterable.',
  );
}

/** A copy that shares tensor data (tf.clone is a new reference, not a copy); `keep` shields it from tf scopes. */
function cloneElement<T>(element: T, keep = false): T {
  const leaves = leavesOf(element).map(([, leaf]) => {
    if (!isTensor(leaf)) return isTypedArray(leaf) ? leaf.slice() : leaf;
    const copy = tf.clone(leaf);
    return keep ? tf.keep(copy) : copy;
  });
  return makeDisposable(rebuild(element, leaves)) as T;
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
