import * as tf from '@strata/core';
import '@strata/backend-cpu';
import { StrataError } from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { Dataset } from './dataset.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

/** Runs `fn` and checks that it leaves exactly as many tensors as before. */
async function expectNoLeak(fn: () => Promise<void>): Promise<void> {
  const before = tf.memory().numTensors;
  await fn();
  expect(tf.memory().numTensors).toBe(before);
}

/** Reads every batch's tensors to plain arrays and disposes them. */
async function collect(dataset: Dataset<any>): Promise<any[]> {
  const out: any[] = [];
  for await (const element of dataset) {
    out.push(await toPlain(element));
    tf.dispose(element);
  }
  return out;
}

async function toPlain(element: unknown): Promise<unknown> {
  if (element instanceof tf.Tensor) return element.array();
  if (Array.isArray(element)) return Promise.all(element.map(toPlain));
  if (typeof element === 'object' && element !== null) {
    return Object.fromEntries(
      await Promise.all(Object.entries(element).map(async ([k, v]) => [k, await toPlain(v)])),
    );
  }
  return element;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('Dataset.fromTensors', () => {
  test('slices along axis 0, keeps the structure, and batches rows', async () => {
    const xs = tf.tensor2d(range(10), [5, 2]);
    const ys = tf.tensor1d([0, 1, 2, 3, 4], 'int32');
    const ds = Dataset.fromTensors({ xs, ys });
    tf.dispose([xs, ys]); // allowed: the values were read at construction
    expect(ds.size).toBe(5);
    await expectNoLeak(async () => {
      expect(await collect(ds.take(2))).toEqual([
        { xs: [0, 1], ys: 0 },
        { xs: [2, 3], ys: 1 },
      ]);
      const batches = await collect(ds.batch(2));
      expect(batches).toEqual([
        {
          xs: [
            [0, 1],
            [2, 3],
          ],
          ys: [0, 1],
        },
        {
          xs: [
            [4, 5],
            [6, 7],
          ],
          ys: [2, 3],
        },
        { xs: [[8, 9]], ys: [4] },
      ]);
    });
    const [first] = await ds.batch(5).toArray();
    expect(first!.xs.dtype).toBe('float32');
    expect(first!.ys.dtype).toBe('int32');
    first![Symbol.dispose]();
  });

  test('tuples, single tensors and dropRemainder', async () => {
    const x = tf.tensor3d(range(12), [3, 2, 2]);
    const ds = Dataset.fromTensors([x, x] as const);
    const [batch, ...rest] = await ds.batch(2, { dropRemainder: true }).toArray();
    expect(rest).toHaveLength(0);
    expect(batch![0].shape).toEqual([2, 2, 2]);
    expect(await batch![1].array()).toEqual([
      [
        [0, 1],
        [2, 3],
      ],
      [
        [4, 5],
        [6, 7],
      ],
    ]);
    batch![Symbol.dispose]();
    expect(ds.batch(2, { dropRemainder: true }).size).toBe(1);
    expect(await collect(Dataset.fromTensors(x).skip(2))).toEqual([
      [
        [8, 9],
        [10, 11],
      ],
    ]);
    x.dispose();
  });

  test('rejects what it cannot slice, naming the leaf and the fix', () => {
    const a = tf.zeros([3, 2]);
    const b = tf.zeros([4]);
    expect(() => Dataset.fromTensors({ a, b })).toThrow(/'a' has 3 and 'b' has 4\. Slice them/);
    const s = tf.scalar(1);
    expect(() => Dataset.fromTensors({ a, s })).toThrow(/'s' is a scalar.*Reshape/);
    expect(() => Dataset.fromTensors({ a, n: [1, 2, 3] } as never)).toThrow(
      /'n' is an array, not a tensor.*fromArrays/,
    );
    tf.dispose([a, b, s]);
  });
});

describe('Dataset.fromArrays and fromGenerator', () => {
  test('fromArrays: nested number arrays and typed arrays', async () => {
    const ds = Dataset.fromArrays({
      xs: [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ],
      ys: new Int32Array([0, 1, 1, 0]),
    });
    const batches = await collect(ds.batch(4));
    expect(batches).toEqual([
      {
        xs: [
          [0, 0],
          [0, 1],
          [1, 0],
          [1, 1],
        ],
        ys: [0, 1, 1, 0],
      },
    ]);
    const [b] = await ds.batch(4).toArray();
    expect([b!.xs.dtype, b!.ys.dtype]).toEqual(['float32', 'int32']);
    b![Symbol.dispose]();
    expect(() => Dataset.fromArrays({ xs: [[1, 2], [3]] })).toThrow(/ragged.*Pad or trim/);
  });

  test('fromGenerator: sync and async generators, new pass each time, numbers become float32', async () => {
    let calls = 0;
    const sync = Dataset.fromGenerator(function* () {
      calls++;
      for (let i = 0; i < 3; i++) yield { x: [i, i * 10], y: i };
    });
    expect(sync.size).toBeNull();
    expect(await collect(sync.batch(2))).toEqual([
      {
        x: [
          [0, 0],
          [1, 10],
        ],
        y: [0, 1],
      },
      { x: [[2, 20]], y: [2] },
    ]);
    await collect(sync);
    expect(calls).toBe(2);
    const asyncDs = Dataset.fromGenerator(async function* () {
      for (let i = 0; i < 4; i++) {
        await new Promise((r) => setTimeout(r, 1));
        yield tf.tensor1d([i, -i]);
      }
    });
    await expectNoLeak(async () => {
      expect(await collect(asyncDs.batch(3))).toEqual([
        [
          [0, -0],
          [1, -1],
          [2, -2],
        ],
        [[3, -3]],
      ]);
    });
    expect(() => Dataset.fromGenerator((function* () {})() as never)).toThrow(/not its result/);
    await expect(Dataset.fromGenerator((() => 5) as never).toArray()).rejects.toThrow(/not an iterator/);
  });
});

describe('operators', () => {
  const numbers = () => Dataset.fromArrays({ v: range(10) });

  test('map runs in a scope and frees the inputs it does not return', async () => {
    await expectNoLeak(async () => {
      const ds = numbers().map(({ v }) => ({ double: tf.mul(v, 2), square: tf.square(tf.add(v, 0)) }));
      expect((await collect(ds.take(3))).map((e) => [e.double, e.square])).toEqual([
        [0, 0],
        [2, 1],
        [4, 4],
      ]);
    });
    await expect(
      numbers()
        .map(async (e) => e)
        .toArray(),
    ).rejects.toThrow(/Promise.*Use mapAsync\(\)/);
    await expectNoLeak(async () => {
      const ds = numbers().mapAsync(async ({ v }) => ({ w: tf.add(v, 1) }));
      expect((await collect(ds.take(2))).map((e) => e.w)).toEqual([1, 2]);
    });
  });

  test('filter, take, skip, repeat and their sizes', async () => {
    await expectNoLeak(async () => {
      const even = numbers().filter(({ v }) => (v.arraySync() as number) % 2 === 0);
      expect(even.size).toBeNull();
      expect((await collect(even)).map((e) => e.v)).toEqual([0, 2, 4, 6, 8]);
      const stream = numbers().map((e) => e);
      expect((await collect(stream.skip(7))).map((e) => e.v)).toEqual([7, 8, 9]);
      expect((await collect(stream.take(2).repeat(3))).map((e) => e.v)).toEqual([0, 1, 0, 1, 0, 1]);
      expect((await collect(numbers().skip(8).repeat(2))).map((e) => e.v)).toEqual([8, 9, 8, 9]);
    });
    expect(numbers().skip(3).take(5).repeat(2).size).toBe(10);
    expect(numbers().repeat().size).toBe(Number.POSITIVE_INFINITY);
    expect(
      numbers()
        .map((e) => e)
        .batch(3).size,
    ).toBe(4);
    await expect(numbers().repeat().toArray()).rejects.toThrow(/endless.*take\(n\)/);
    expect(
      (
        await collect(
          numbers()
            .filter(() => false)
            .repeat(),
        )
      ).length,
    ).toBe(0);
  });

  test('zip pairs elements and stops at the shortest', async () => {
    await expectNoLeak(async () => {
      const a = numbers();
      const b = Dataset.fromGenerator(function* () {
        yield* [10, 20, 30];
      });
      const zipped = Dataset.zip({ xs: a, ys: b });
      expect(await collect(zipped)).toEqual([
        { xs: { v: 0 }, ys: 10 },
        { xs: { v: 1 }, ys: 20 },
        { xs: { v: 2 }, ys: 30 },
      ]);
      expect(await collect(a.take(2).zip(a.skip(5)))).toEqual([
        [{ v: 0 }, { v: 5 }],
        [{ v: 1 }, { v: 6 }],
      ]);
    });
    expect(Dataset.zip([numbers(), numbers().take(4)]).size).toBe(4);
  });

  test('prefetch keeps order and frees what it fetched ahead when the consumer stops', async () => {
    await expectNoLeak(async () => {
      const ds = numbers()
        .map(({ v }) => tf.add(v, 100))
        .prefetch(4);
      expect(await collect(ds)).toEqual(range(10).map((i) => i + 100));
      for await (const x of ds) {
        x.dispose();
        break; // four elements are queued at this point
      }
    });
  });

  test('cache replays the first complete pass without re-running upstream', async () => {
    let runs = 0;
    const ds = Dataset.fromGenerator(function* () {
      runs++;
      for (let i = 0; i < 4; i++) yield tf.scalar(i);
    }).cache();
    const before = tf.memory().numTensors;
    for await (const x of ds) {
      x.dispose();
      break; // a partial pass caches nothing
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(await collect(ds)).toEqual([0, 1, 2, 3]);
    expect(await collect(ds)).toEqual([0, 1, 2, 3]);
    expect(runs).toBe(2);
    expect(tf.memory().numTensors).toBe(before + 4); // the cache
    ds.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('failures inside a pass', () => {
  const failing = () =>
    Dataset.fromGenerator(function* () {
      for (let i = 0; i < 5; i++) yield tf.scalar(i);
      throw new Error('disk gone at element 5');
    });

  test('propagate to the consumer through every operator and free what the operators held', async () => {
    await expectNoLeak(async () => {
      await expect(failing().batch(4).toArray()).rejects.toThrow('disk gone');
      await expect(failing().shuffle(3, 1).batch(2).toArray()).rejects.toThrow('disk gone');
      await expect(
        failing()
          .prefetch(3)
          .map((x) => tf.add(x, 1))
          .toArray(),
      ).rejects.toThrow('disk gone');
      await expect(Dataset.zip([failing(), failing().skip(1)]).toArray()).rejects.toThrow('disk gone');
      await expect(failing().cache().toArray()).rejects.toThrow('disk gone');
      await expect(
        failing()
          .map((x) => {
            if (x.arraySync() === 2) throw new Error('bad element');
            return tf.mul(x, 2);
          })
          .toArray(),
      ).rejects.toThrow('bad element');
      await expect(
        failing()
          .filter((async () => true) as never)
          .toArray(),
      ).rejects.toThrow(/filter\(\) received a Promise/);
    });
  });

  test('a disposed source tensor is named', () => {
    const x = tf.zeros([2, 2]);
    x.dispose();
    expect(() => Dataset.fromTensors({ x })).toThrow(/'x' is already disposed\. Create the dataset before/);
  });
});

describe('shuffle', () => {
  const rows = (n: number) => Dataset.fromArrays({ v: range(n) });
  const order = async (ds: Dataset<any>) => (await collect(ds)).flatMap((e) => e.v);

  test('a full buffer permutes every row; a seed fixes the order of each pass', async () => {
    const a = rows(50).shuffle(50, 7);
    const first = await order(a);
    const second = await order(a);
    expect([...first].sort((x, y) => x - y)).toEqual(range(50));
    expect(first).not.toEqual(range(50));
    expect(second).not.toEqual(first); // reshuffled each pass
    const b = rows(50).shuffle(50, 7);
    expect(await order(b)).toEqual(first); // same seed, same sequence of passes
    expect(await order(b)).toEqual(second);
    const fixed = rows(50).shuffle(50, 7, { reshuffleEachIteration: false });
    expect(await order(fixed)).toEqual(await order(fixed));
    expect(await order(rows(50).shuffle(50, 'other'))).not.toEqual(first);
  });

  test('index shuffling (fromTensors) and element shuffling (after map) give the same order', async () => {
    const fast = rows(40).shuffle(8, 3).batch(6);
    const generic = rows(40)
      .map((e) => e)
      .shuffle(8, 3)
      .batch(6);
    expect(await collect(generic)).toEqual(await collect(fast));
  });

  test('a small buffer only moves rows a limited distance, and frees its buffer on an early stop', async () => {
    const got = await order(rows(100).shuffle(5, 1));
    // With a buffer of 5, output position i can only hold rows < i + 5.
    got.forEach((v: number, i: number) => {
      expect(v).toBeLessThan(i + 5);
    });
    await expectNoLeak(async () => {
      for await (const e of rows(100)
        .map((x) => x)
        .shuffle(20, 1)) {
        tf.dispose(e);
        break;
      }
    });
  });
});

describe('batch', () => {
  test('stacks tensors, numbers, booleans and typed arrays; batches are disposable', async () => {
    const ds = Dataset.fromGenerator(function* () {
      for (let i = 0; i < 3; i++) {
        yield { t: tf.fill([2], i), n: i / 2, b: i % 2 === 0, a: new Uint8Array([i, 255]) };
      }
    });
    await expectNoLeak(async () => {
      for await (using batch of ds.batch(3)) {
        expect(batch.t.shape).toEqual([3, 2]);
        expect([batch.n.dtype, batch.b.dtype, batch.a.dtype]).toEqual(['float32', 'bool', 'int32']);
        expect(await batch.n.array()).toEqual([0, 0.5, 1]);
        expect(await batch.b.array()).toEqual([1, 0, 1]);
        expect(await batch.a.array()).toEqual([
          [0, 255],
          [1, 255],
          [2, 255],
        ]);
      }
    });
  });

  test('elements that cannot stack fail with the element index, the shapes and the fix; nothing leaks', async () => {
    const shapes = [
      [2, 2],
      [2, 2],
      [3, 2],
    ];
    await expectNoLeak(async () => {
      const ds = Dataset.fromGenerator(function* () {
        for (const s of shapes) yield { x: tf.zeros(s) };
      });
      await expect(ds.batch(3).toArray()).rejects.toThrow(
        /batch\(\): element 2 at 'x' expected shape \[2, 2\], got shape \[3, 2\]\. .*map\(\) before batch\(\)/,
      );
      const mixed = Dataset.fromGenerator(function* () {
        yield { x: 1 };
        yield { y: 2 };
      });
      await expect(mixed.batch(2).toArray()).rejects.toThrow(
        /element 1 has leaves \['y'\] but element 0 has \['x'\]/,
      );
      const text = Dataset.fromGenerator(function* () {
        yield { x: 'cat' };
      });
      await expect(text.batch(1).toArray()).rejects.toThrow(/'x' is the string 'cat'.*Convert it in map\(\)/);
    });
  });

  test('arguments are checked where they are given', () => {
    const ds = Dataset.fromArrays({ v: [1, 2] });
    expect(() => ds.batch(0)).toThrow(/batchSize must be an integer ≥ 1, got 0/);
    expect(() => ds.shuffle(-1)).toThrow(/bufferSize must be an integer ≥ 1/);
    expect(() => ds.take(1.5)).toThrow(/count must be an integer ≥ 0/);
    expect(() => ds.map(3 as never)).toThrow(/map\(\) needs a function, got a number/);
    expect(() => ds.batch(0)).toThrow(StrataError);
  });
});

describe('an epoch over 60,000 examples', () => {
  test('shuffled and batched, it frees everything, also when stopped early', async () => {
    const n = 60000;
    const pixels = new Float32Array(n * 784);
    for (let i = 0; i < n; i++) pixels[i * 784] = i; // the first pixel names the row
    const xs = tf.tensor3d(pixels, [n, 28, 28]);
    const ys = tf.tensor1d(
      Int32Array.from(range(n), (i) => i % 10),
      'int32',
    );
    const before = tf.memory().numTensors;
    const ds = Dataset.fromTensors({ xs, ys }).shuffle(n, 42).batch(128);
    expect(ds.size).toBe(469);
    const seen = new Uint8Array(n);
    let batches = 0;
    for await (using batch of ds) {
      batches++;
      expect(batch.xs.shape.slice(1)).toEqual([28, 28]);
      // Check the pairing of images and labels survives the shuffle.
      const firsts = tf.tidy(() =>
        tf.reshape(tf.slice(tf.reshape(batch.xs, [-1, 784]), [0, 0], [-1, 1]), [-1]),
      );
      const ids = firsts.dataSync();
      firsts.dispose();
      const labels = batch.ys.dataSync();
      ids.forEach((id, k) => {
        seen[id] = 1;
        expect(labels[k]).toBe(id % 10);
      });
    }
    expect(batches).toBe(469);
    expect(seen.every((s) => s === 1)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    for await (using _batch of ds) break;
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xs, ys]);
  });
});
