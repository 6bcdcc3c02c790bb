import * as tf from '@strata/core';
import { InvalidArgumentError, ShapeMismatchError, type Tensor } from '@strata/core';
import {
  disposeElement,
  isNumericArray,
  isTensor,
  isTypedArray,
  type Leaf,
  leavesOf,
  makeDisposable,
  type NumericArray,
  rebuild,
  type TypedArray,
} from './element.js';
import { nestedShape } from './host-table.js';

/**
 * Stacks elements into one batch: each leaf becomes one tensor with the batch as axis 0. The rows' tensors are
 * freed (also when stacking fails), so the caller owns only the result.
 */
export function batchRows(rows: readonly unknown[]): unknown {
  try {
    const template = rows[0];
    const first = leavesOf(template);
    const columns: Leaf[][] = first.map(() => []);
    rows.forEach((row, r) => {
      const leaves = leavesOf(row);
      const same = leaves.length === first.length && leaves.every(([path], i) => path === first[i]![0]);
      if (!same) {
        throw new InvalidArgumentError(
          `batch(): element ${r} has leaves ${listPaths(leaves)} but element 0 has ${listPaths(first)}. ` +
            'Every element of a dataset needs the same structure; make map() return the same keys each time.',
        );
      }
      leaves.forEach(([, value], i) => {
        columns[i]!.push(value);
      });
    });
    const stacked = tf.tidy(() => columns.map((column, i) => stackLeaves(column, first[i]![0])));
    return makeDisposable(rebuild(template, stacked));
  } finally {
    for (const row of rows) disposeElement(row);
  }
}

function stackLeaves(values: Leaf[], path: string): Tensor {
  const at = path ? ` at '${path}'` : '';
  const kind = leafKind(values[0]!);
  values.forEach((v, r) => {
    if (leafKind(v) !== kind) {
      throw new InvalidArgumentError(
        `batch(): elements differ${at}: element 0 holds ${kind}, element ${r} holds ${leafKind(v)}. ` +
          'Return the same kind of value for every element.',
      );
    }
  });
  switch (kind) {
    case 'a tensor': {
      const tensors = values as Tensor[];
      const { shape, dtype } = tensors[0]!;
      tensors.forEach((t, r) => {
        if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
          throw new ShapeMismatchError(
            `batch(): element ${r}${at}`,
            shape,
            t.shape,
            'Every element needs the same shape: resize or pad it in map() before batch().',
          );
        }
        if (t.dtype !== dtype) {
          throw new InvalidArgumentError(
            `batch(): element ${r}${at} has dtype ${t.dtype}, element 0 has ${dtype}. Cast them to one dtype.`,
          );
        }
      });
      return tf.stack(tensors);
    }
    case 'a number':
      return tf.tensor1d(values as number[], 'float32');
    case 'a boolean':
      return tf.tensor1d(values as boolean[], 'bool');
    case 'a typed array': {
      const arrays = values as TypedArray[];
      const length = arrays[0]!.length;
      arrays.forEach((a, r) => {
        if (a.length !== length) {
          throw new ShapeMismatchError(
            `batch(): element ${r}${at}`,
            [length],
            [a.length],
            'Every element needs the same length: pad or trim it in map() before batch().',
          );
        }
      });
      const isFloat = arrays[0] instanceof Float32Array || arrays[0] instanceof Float64Array;
      const out = isFloat ? new Float32Array(arrays.length * length) : new Int32Array(arrays.length * length);
      arrays.forEach((a, r) => {
        out.set(a, r * length);
      });
      return tf.tensor2d(out, [arrays.length, length], isFloat ? 'float32' : 'int32');
    }
    default: {
      const arrays = values as NumericArray[];
      const shape = nestedShape(arrays[0]!, path, 'batch()');
      arrays.forEach((a, r) => {
        const s = nestedShape(a, path, 'batch()');
        if (s.length !== shape.length || s.some((d, i) => d !== shape[i])) {
          throw new ShapeMismatchError(
            `batch(): element ${r}${at}`,
            shape,
            s,
            'Every element needs the same shape: pad or trim it in map() before batch().',
          );
        }
      });
      const flat = (arrays as unknown[]).flat(Number.POSITIVE_INFINITY) as (number | boolean)[];
      const isBool = typeof flat[0] === 'boolean';
      return tf.tensor(
        isBool ? Uint8Array.from(flat, Number) : Float32Array.from(flat as number[]),
        [arrays.length, ...shape],
        isBool ? 'bool' : 'float32',
      );
    }
  }
}

function leafKind(v: Leaf): string {
  if (isTensor(v)) return 'a tensor';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'boolean') return 'a boolean';
  if (isTypedArray(v)) return 'a typed array';
  return isNumericArray(v) ? 'a number array' : 'something else';
}

function listPaths(leaves: [string, Leaf][]): string {
  return `[${leaves.map(([p]) => `'${p}'`).join(', ')}]`;
}
