import { createRandom, type Seed } from './random.js';
import { shuffleIndices } from './shuffle-buffer.js';

/**
 * The row order of one pass over a HostTable. take/skip/shuffle/repeat on a fromTensors() or fromArrays()
 * dataset transform this order instead of elements, so nothing is materialised until batch() copies rows.
 */
export interface IndexOrder {
  /** Rows per pass (`Infinity` after an endless repeat()). */
  readonly size: number;
  /** Starts a pass. */
  open(): Iterator<number>;
}

export function rangeOrder(size: number): IndexOrder {
  return {
    size,
    *open() {
      for (let i = 0; i < size; i++) yield i;
    },
  };
}

export function takeOrder(order: IndexOrder, count: number): IndexOrder {
  return {
    size: Math.min(order.size, count),
    *open() {
      if (count <= 0) return;
      let taken = 0;
      for (const i of iterate(order)) {
        yield i;
        if (++taken >= count) return;
      }
    },
  };
}

export function skipOrder(order: IndexOrder, count: number): IndexOrder {
  return {
    size: Math.max(order.size - count, 0),
    *open() {
      let skipped = 0;
      for (const i of iterate(order)) {
        if (skipped < count) skipped++;
        else yield i;
      }
    },
  };
}

export function repeatOrder(order: IndexOrder, count: number): IndexOrder {
  return {
    size: order.size === 0 ? 0 : order.size * count,
    *open() {
      for (let pass = 0; pass < count; pass++) {
        let any = false;
        for (const i of iterate(order)) {
          any = true;
          yield i;
        }
        // An empty pass would make an endless repeat() spin forever.
        if (!any) return;
      }
    },
  };
}

/** `nextSalt()` is called once per pass: each pass (epoch) gets its own order, reproducible from the seed. */
export function shuffleOrder(
  order: IndexOrder,
  bufferSize: number,
  seed: Seed,
  nextSalt: () => number,
): IndexOrder {
  return {
    size: order.size,
    open: () => shuffleIndices(order.open(), bufferSize, createRandom(seed, nextSalt())),
  };
}

function iterate(order: IndexOrder): Iterable<number> {
  return { [Symbol.iterator]: () => order.open() };
}
