import { disposeElement } from './element.js';

/**
 * tf.data's buffered shuffle: fill a buffer with `bufferSize` items, then repeatedly emit a random one and put
 * the next input in its place. A buffer at least as large as the input gives a uniform permutation; a smaller
 * one trades randomness for memory. `random(n)` returns an integer in [0, n).
 */
export function* shuffleIndices(input: Iterator<number>, bufferSize: number, random: (n: number) => number) {
  const buffer: number[] = [];
  let next = input.next();
  while (!next.done && buffer.length < bufferSize) {
    buffer.push(next.value);
    next = input.next();
  }
  while (buffer.length > 0) {
    const j = random(buffer.length);
    const out = buffer[j]!;
    if (!next.done) {
      buffer[j] = next.value;
      next = input.next();
    } else {
      buffer[j] = buffer[buffer.length - 1]!;
      buffer.pop();
    }
    yield out;
  }
}

/** The same algorithm over a dataset's elements; elements still buffered when the pass stops are freed. */
export async function* shuffleElements<T>(
  input: AsyncIterator<T>,
  bufferSize: number,
  random: (n: number) => number,
): AsyncGenerator<T> {
  const buffer: T[] = [];
  try {
    let next = await input.next();
    while (!next.done && buffer.length < bufferSize) {
      buffer.push(next.value);
      next = await input.next();
    }
    while (buffer.length > 0) {
      const j = random(buffer.length);
      const out = buffer[j]!;
      if (!next.done) {
        buffer[j] = next.value;
      } else {
        buffer[j] = buffer[buffer.length - 1]!;
        buffer.pop();
      }
      // Taken out of the buffer before the yield: if the consumer stops here, `out` is theirs, the rest ours.
      yield out;
      if (!next.done) next = await input.next();
    }
  } finally {
    for (const element of buffer) disposeElement(element);
    buffer.length = 0;
    await input.return?.();
  }
}
