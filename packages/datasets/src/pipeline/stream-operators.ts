import * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import { batchRows } from './batch-rows.js';
import {
  describe,
  disposeElement,
  disposeUnused,
  isTensor,
  isTypedArray,
  leavesOf,
  makeDisposable,
  rebuild,
  scoped,
} from './element.js';
import type { HostTable } from './host-table.js';
import type { IndexOrder } from './index-order.js';

// One async generator per operator: a pass is a chain of them. When the consumer stops early, `return()` runs
// each generator's `finally`, which frees what that operator still holds and closes the one upstream.

/** A pass over a generator function's iterator (sync or async). */
export async function* generatorStream<T>(generator: () => unknown): AsyncGenerator<T> {
  const iterator = toIterator<T>(await generator());
  try {
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) yield r.value;
  } finally {
    await iterator.return?.();
  }
}

/** Rows of a host table in the order's sequence, one element (of tensors) each. */
export async function* tableStream<T>(table: HostTable, order: IndexOrder): AsyncGenerator<T> {
  await table.ready();
  const rows = order.open();
  for (let r = rows.next(); !r.done; r = rows.next()) yield table.element(r.value) as T;
}

/** Batches straight from a host table: one copy and one tensor per leaf, no per-row tensors. */
export async function* batchTable<B>(
  table: HostTable,
  order: IndexOrder,
  batchSize: number,
  dropRemainder: boolean,
): AsyncGenerator<B> {
  await table.ready();
  const indices: number[] = [];
  const rows = order.open();
  for (let r = rows.next(); !r.done; r = rows.next()) {
    indices.push(r.value);
    if (indices.length === batchSize) {
      const batch = table.batch(indices);
      indices.length = 0;
      yield batch as B;
    }
  }
  if (indices.length > 0 && !dropRemainder) yield table.batch(indices) as B;
}

export async function* batchStream<T, B>(
  source: AsyncIterable<T>,
  batchSize: number,
  dropRemainder: boolean,
): AsyncGenerator<B> {
  let rows: T[] = [];
  try {
    for await (const element of source) {
      rows.push(element);
      if (rows.length === batchSize) {
        const full = rows;
        rows = [];
        yield batchRows(full) as B;
      }
    }
    if (rows.length > 0 && !dropRemainder) {
      const rest = rows;
      rows = [];
      yield batchRows(rest) as B;
    }
  } finally {
    for (const row of rows) disposeElement(row);
  }
}

export async function* mapStream<T, U>(source: AsyncIterable<T>, fn: (element: T) => U): AsyncGenerator<U> {
  for await (const element of source) {
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
}

export async function* mapAsyncStream<T, U>(
  source: AsyncIterable<T>,
  fn: (element: T) => Promise<U>,
): AsyncGenerator<U> {
  for await (const element of source) {
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
}

export async function* filterStream<T>(
  source: AsyncIterable<T>,
  predicate: (element: T) => boolean,
): AsyncGenerator<T> {
  for await (const element of source) {
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
}

export async function* takeStream<T>(source: AsyncIterable<T>, count: number): AsyncGenerator<T> {
  if (count <= 0) return;
  let taken = 0;
  for await (const element of source) {
    yield element;
    // Stop before pulling another element: it would have to be made and freed for nothing.
    if (++taken >= count) return;
  }
}

export async function* skipStream<T>(source: AsyncIterable<T>, count: number): AsyncGenerator<T> {
  let skipped = 0;
  for await (const element of source) {
    if (skipped < count) {
      skipped++;
      disposeElement(element);
    } else {
      yield element;
    }
  }
}

export async function* repeatStream<T>(source: AsyncIterable<T>, count: number): AsyncGenerator<T> {
  for (let pass = 0; pass < count; pass++) {
    let any = false;
    for await (const element of source) {
      any = true;
      yield element;
    }
    // An empty pass would make an endless repeat() spin forever.
    if (!any) return;
  }
}

export async function* prefetchStream<T>(source: AsyncIterable<T>, bufferSize: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const queue: Promise<IteratorResult<T>>[] = [];
  try {
    while (true) {
      while (queue.length < bufferSize) {
        const next = iterator.next();
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
    await iterator.return?.();
  }
}

/** Element-wise zip; `keys` null gives tuples, else objects with those keys. Stops with the shortest. */
export async function* zipStream(sources: readonly AsyncIterable<unknown>[], keys: string[] | null) {
  const iterators = sources.map((d) => d[Symbol.asyncIterator]());
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
      yield makeDisposable(keys ? Object.fromEntries(keys.map((k, i) => [k, values[i]])) : values);
    }
  } finally {
    await Promise.all(iterators.map((it) => it.return?.()));
  }
}

/**
 * The first complete pass is kept (tensors cloned and kept out of any tf scope) and replayed as clones later.
 * `release()` frees the kept tensors.
 */
export function cacheStream<T>(source: AsyncIterable<T>): {
  open: () => AsyncGenerator<T>;
  release: () => void;
} {
  let cached: T[] | null = null;
  const release = () => {
    for (const element of cached ?? []) disposeElement(element);
    cached = null;
  };
  async function* open(): AsyncGenerator<T> {
    if (cached) {
      for (const element of cached) yield cloneElement(element);
      return;
    }
    const filling: T[] = [];
    let complete = false;
    try {
      for await (const element of source) {
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
  }
  return { open, release };
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
