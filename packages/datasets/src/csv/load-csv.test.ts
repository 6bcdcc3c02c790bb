import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tf from '@strata/core';
import '@strata/backend-cpu';
import { LoadError, UnknownNameError } from '@strata/core';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../testing/fixtures.js';
import { loadCsv } from './load-csv.js';

let cleanups: (() => void)[] = [];
beforeAll(async () => {
  await tf.useBackend('cpu');
});
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

const iris = `sepal_length,sepal_width,petal_length,petal_width,species
5.1,3.5,1.4,0.2,setosa
7.0,3.2,4.7,1.4,versicolor
6.3,3.3,6.0,2.5,virginica
4.9,3.0,1.4,0.2,setosa
`;

function writeCsv(text: string, name = 'data.csv', gzip = false): string {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const path = join(dir, name);
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return path;
}

describe('loadCsv', () => {
  test('numeric features and a text label column become tensors and sorted class indices', async () => {
    const before = tf.memory().numTensors;
    const data = await loadCsv(writeCsv(iris), { label: 'species' });
    expect(data.featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(data.labelNames).toEqual(['species']);
    expect(data.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(data.features.shape).toEqual([4, 4]);
    expect(data.features.dtype).toBe('float32');
    expect(await data.features.array()).toEqual(
      [
        [5.1, 3.5, 1.4, 0.2],
        [7.0, 3.2, 4.7, 1.4],
        [6.3, 3.3, 6.0, 2.5],
        [4.9, 3.0, 1.4, 0.2],
      ].map((row) => row.map(Math.fround)),
    );
    expect(data.labels.dtype).toBe('int32');
    expect(Array.from(await data.labels.data())).toEqual([0, 1, 2, 0]);
    data.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('chosen feature columns, numeric labels by index, several label columns, no header, gzip, { text }', async () => {
    using picked = await loadCsv({ text: iris }, { label: 3, features: ['petal_length', 0] });
    expect(picked.featureNames).toEqual(['petal_length', 'sepal_length']);
    expect(picked.classes).toBeNull();
    expect(picked.labels.dtype).toBe('float32');
    expect(Array.from(await picked.labels.data())).toEqual([0.2, 1.4, 2.5, 0.2].map(Math.fround));
    using two = await loadCsv(writeCsv('1,2,3\n4,5,6\n', 'x.csv.gz', true), { header: false, label: [1, 2] });
    expect(two.featureNames).toEqual(['column 0']);
    expect(two.labels.shape).toEqual([2, 2]);
    expect(await two.labels.array()).toEqual([
      [2, 3],
      [5, 6],
    ]);
  });

  test("as: 'dataset' gives a Dataset of { xs, ys } rows", async () => {
    const before = tf.memory().numTensors;
    const { dataset, classes } = await loadCsv(writeCsv(iris), { label: 'species', as: 'dataset' });
    expect(classes).toHaveLength(3);
    expect(tf.memory().numTensors).toBe(before); // rows stay on the host until batched
    expect(dataset.size).toBe(4);
    const [batch] = await dataset.batch(4).toArray();
    expect(batch!.xs.shape).toEqual([4, 4]);
    expect(Array.from(await batch!.ys.data())).toEqual([0, 1, 2, 0]);
    batch![Symbol.dispose]();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('bad cells name the line, the column and the fix; nothing is allocated', async () => {
    const before = tf.memory().numTensors;
    const path = writeCsv('a,b,color,y\n1,2,red,0\n3,,blue,1\n');
    await expect(loadCsv(path, { label: 'y' })).rejects.toThrow(
      /CSV file '.*data\.csv', line 2, column 'color': 'red' is not a number\. Feature columns must be numeric: leave this column out with \{ features: \[\.\.\.\] \}/,
    );
    await expect(loadCsv(path, { label: 'y', features: ['a', 'b'] })).rejects.toThrow(
      /line 3, column 'b': the value is missing\. Fill it in or remove the row/,
    );
    await expect(loadCsv(path, { label: 'z' })).rejects.toThrow(UnknownNameError);
    await expect(loadCsv(path, { label: 'z' })).rejects.toThrow(
      /Unknown column 'z'\. Valid names: 'a', 'b', 'color', 'y'/,
    );
    await expect(loadCsv(path, { label: 9 })).rejects.toThrow(
      /column index 9 is out of range: .* has 4 columns/,
    );
    await expect(loadCsv(path, {} as never)).rejects.toThrow(/needs \{ label \}/);
    await expect(loadCsv(join(path, '..', 'nope.csv'), { label: 'y' })).rejects.toThrow(LoadError);
    await expect(loadCsv({ text: 'a,b\n' }, { label: 'b' })).rejects.toThrow(/no data rows after the header/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
