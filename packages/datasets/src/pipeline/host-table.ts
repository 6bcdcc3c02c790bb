import * as tf from '@strata/core';
import {
  type DataType,
  formatShapeCode,
  InvalidArgumentError,
  ShapeMismatchError,
  type Tensor,
} from '@strata/core';
import {
  describe,
  isNumericArray,
  isTensor,
  isTypedArray,
  leavesOf,
  makeDisposable,
  type NumericArray,
  rebuild,
  type TypedArray,
} from './element.js';

/** One leaf of a table: `size` rows of `rowShape`, stored row-major on the host. */
interface Column {
  path: string;
  values: Float32Array | Int32Array | Uint8Array;
  rowShape: number[];
  rowSize: number;
  dtype: DataType;
}

/**
 * Rows kept on the host (JavaScript memory), with random access. fromTensors() and fromArrays() datasets read
 * from one: a batch of any rows, in any order, costs one typed-array copy and one tensor per leaf, instead of a
 * tensor per row and a stack (about 10x faster for MNIST on the cpu backend, and no gather kernel needed).
 */
export class HostTable {
  private columns: Column[] | undefined;
  private readonly loading: Promise<Column[]> | undefined;

  private constructor(
    readonly template: unknown,
    readonly size: number,
    columns: Column[] | Promise<Column[]>,
  ) {
    if (columns instanceof Promise) {
      this.loading = columns.then((c) => {
        this.columns = c;
        return c;
      });
      // Errors surface when the dataset is iterated; don't also report them as unhandled here.
      this.loading.catch(() => {});
    } else {
      this.columns = columns;
    }
  }

  /** Reads the tensors' values now (asynchronously), so the caller may dispose the tensors right after. */
  static fromTensors(structure: unknown, where: string): HostTable {
    const leaves = leavesOf(structure);
    if (leaves.length === 0) throw new InvalidArgumentError(`${where}: the structure holds no tensors.`);
    for (const [path, leaf] of leaves) {
      if (!isTensor(leaf)) {
        throw new InvalidArgumentError(
          `${where}: '${path || 'the argument'}' is ${describeLeaf(leaf)}, not a tensor. ` +
            'Pass tensors, or use Dataset.fromArrays() for JavaScript arrays.',
        );
      }
      if (leaf.isDisposed) {
        throw new InvalidArgumentError(
          `${where}: '${path || 'the argument'}' is already disposed. Create the dataset before disposing the ` +
            'tensors (it reads their values at once, so you may dispose them right after).',
        );
      }
      if (leaf.rank === 0) {
        throw new InvalidArgumentError(
          `${where}: '${path || 'the argument'}' is a scalar; each tensor needs a first axis to slice into ` +
            'elements. Reshape it to [1] or pass a 1-D tensor.',
        );
      }
      if (leaf.dtype === 'string' || leaf.dtype === 'complex64') {
        throw new InvalidArgumentError(
          `${where}: '${path || 'the argument'}' has dtype ${leaf.dtype}; datasets hold float32, int32 or bool ` +
            'tensors. Cast it first.',
        );
      }
    }
    const tensors = leaves.map(([, t]) => t as Tensor);
    const size = checkSameLength(
      where,
      leaves.map(([path], i) => [path, tensors[i]!.shape[0]!]),
    );
    // data() is called synchronously here: the backend starts the read before the caller can dispose.
    const reads = tensors.map((t) => t.data());
    const columns = Promise.all(reads).then((arrays) =>
      arrays.map((values, i) => {
        const t = tensors[i]!;
        const rowShape = t.shape.slice(1);
        return {
          path: leaves[i]![0],
          values: values as Column['values'],
          rowShape,
          rowSize: rowShape.reduce((a, b) => a * b, 1),
          dtype: t.dtype,
        };
      }),
    );
    return new HostTable(structure, size, columns);
  }

  /** Copies JavaScript arrays into host columns: typed arrays (one number per row) or nested number arrays. */
  static fromArrays(structure: unknown, where: string): HostTable {
    const leaves = leavesOf(structure);
    if (leaves.length === 0) throw new InvalidArgumentError(`${where}: the structure holds no arrays.`);
    const columns = leaves.map(([path, leaf]) => toColumn(path || 'the argument', leaf, where));
    const size = checkSameLength(
      where,
      columns.map((c) => [c.path, c.values.length / Math.max(c.rowSize, 1)]),
    );
    return new HostTable(structure, size, columns);
  }

  /** Waits until the values are on the host; rethrows a failed read. */
  async ready(): Promise<void> {
    if (!this.columns) await this.loading;
  }

  /** Row `i` as an element of tensors (one per leaf). Call after `ready()`. */
  element(i: number): unknown {
    const tensors = this.columns!.map((c) =>
      tf.tensor(c.values.slice(i * c.rowSize, (i + 1) * c.rowSize), c.rowShape, c.dtype),
    );
    return rebuild(this.template, tensors);
  }

  /** Rows `indices` stacked: one tensor per leaf with the batch as axis 0. Call after `ready()`. */
  batch(indices: ArrayLike<number>): unknown {
    const n = indices.length;
    const tensors = this.columns!.map((c) => {
      const out = new (c.values.constructor as new (length: number) => Column['values'])(n * c.rowSize);
      if (c.rowSize === 1) {
        for (let k = 0; k < n; k++) out[k] = c.values[indices[k]!]!;
      } else {
        for (let k = 0; k < n; k++) {
          const start = indices[k]! * c.rowSize;
          out.set(c.values.subarray(start, start + c.rowSize), k * c.rowSize);
        }
      }
      return tf.tensor(out, [n, ...c.rowShape], c.dtype);
    });
    return makeDisposable(rebuild(this.template, tensors));
  }
}

function checkSameLength(where: string, lengths: [string, number][]): number {
  const [firstPath, size] = lengths[0]!;
  for (const [path, length] of lengths) {
    if (length !== size) {
      throw new InvalidArgumentError(
        `${where}: every leaf needs the same number of rows, but '${firstPath}' has ${size} and '${path}' has ` +
          `${length}. Slice them to the same length.`,
      );
    }
  }
  return size;
}

function toColumn(path: string, leaf: unknown, where: string): Column {
  if (isTypedArray(leaf)) {
    const isFloat = leaf instanceof Float32Array || leaf instanceof Float64Array;
    const values = isFloat ? Float32Array.from(leaf as Float64Array) : Int32Array.from(leaf as Int32Array);
    return { path, values, rowShape: [], rowSize: 1, dtype: isFloat ? 'float32' : 'int32' };
  }
  if (isNumericArray(leaf)) {
    const shape = nestedShape(leaf, path, where);
    if (shape.length === 0) {
      throw new InvalidArgumentError(`${where}: '${path}' is empty; each leaf needs at least one row.`);
    }
    const flat = (leaf as unknown[]).flat(Number.POSITIVE_INFINITY) as (number | boolean)[];
    const isBool = typeof flat[0] === 'boolean';
    const values = isBool ? Uint8Array.from(flat, Number) : Float32Array.from(flat as number[]);
    const rowShape = shape.slice(1);
    return {
      path,
      values,
      rowShape,
      rowSize: rowShape.reduce((a, b) => a * b, 1),
      dtype: isBool ? 'bool' : 'float32',
    };
  }
  throw new InvalidArgumentError(
    `${where}: '${path}' is ${describeLeaf(leaf)}. Each leaf must be a typed array or a (nested) number array ` +
      'whose first axis is the rows; use Dataset.fromTensors() for tensors.',
  );
}

/** The shape of a nested number array, checking that it is rectangular (not ragged). */
export function nestedShape(value: NumericArray, path: string, where: string): number[] {
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const check = (node: unknown, depth: number, at: string): void => {
    if (depth === shape.length) {
      if (typeof node !== 'number' && typeof node !== 'boolean') {
        throw new InvalidArgumentError(`${where}: '${path}${at}' is ${describe(node)}, expected a number.`);
      }
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new ShapeMismatchError(
        `${where}: '${path}${at}'`,
        `an array of length ${shape[depth]} (the array is ragged; it should have shape ${formatShapeCode(shape)})`,
        Array.isArray(node) ? [node.length] : [],
        'Pad or trim the rows to the same length.',
      );
    }
    node.forEach((child, i) => {
      check(child, depth + 1, `${at}[${i}]`);
    });
  };
  check(value, 0, '');
  return shape;
}

function describeLeaf(leaf: unknown): string {
  if (isTensor(leaf)) return `a tensor of shape ${formatShapeCode(leaf.shape)}`;
  if (typeof leaf === 'number') return 'a number';
  if (typeof leaf === 'boolean') return 'a boolean';
  if (isTypedArray(leaf)) return `a ${leaf.constructor.name}`;
  if (Array.isArray(leaf)) return 'an array';
  return describe(leaf);
}

export type { TypedArray };
