import * as tf from '@strata/core';
import { InvalidArgumentError, type Tensor } from '@strata/core';

/** Typed arrays a dataset element may hold (as a 1-D value). */
export type TypedArray =
  | Float32Array
  | Float64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8Array
  | Uint8ClampedArray;

/** A number array of any depth, e.g. `[0, 1]` or `[[1, 2], [3, 4]]`: one value, not a tuple. */
export type NumericArray = readonly number[] | readonly NumericArray[];

/** A value in a dataset element. `batch()` stacks each leaf into one tensor with the batch as axis 0. */
export type Leaf = Tensor | number | boolean | TypedArray | NumericArray;

/**
 * A dataset element: a leaf, or an array (tuple) or plain object of elements, e.g. `{ xs, ys }` or `[xs, ys]`.
 * An array whose first item is a number (or a number array) is a numeric value, not a tuple: `[0, 1]` is one
 * 1-D value.
 */
export type Element = Leaf | readonly Element[] | { readonly [key: string]: Element };

/** What `batch()` turns an element type into: every leaf becomes a tensor with a leading batch axis. */
export type Batched<T> = T extends Tensor
  ? Tensor
  : T extends number | boolean | TypedArray | NumericArray
    ? Tensor
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Batched<T[K]> }
      : T extends object
        ? { -readonly [K in keyof T]: Batched<T[K]> }
        : never;

/** A batch that frees its tensors on `[Symbol.dispose]()` (so `for await (using batch of ds)` works). */
export type DisposableBatch<T> = Batched<T> extends Tensor ? Tensor : Batched<T> & Disposable;

export function isTensor(value: unknown): value is Tensor {
  // Duck-typed rather than instanceof: a second copy of tfjs-core (e.g. in a bundle) has another Tensor class.
  return (
    typeof value === 'object' &&
    value !== null &&
    'dataId' in value &&
    'shape' in value &&
    typeof (value as Tensor).dispose === 'function'
  );
}

export function isTypedArray(value: unknown): value is TypedArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

export function isNumericArray(value: unknown): value is NumericArray {
  if (!Array.isArray(value)) return false;
  let first: unknown = value;
  while (Array.isArray(first)) {
    if (first.length === 0) return true;
    first = first[0];
  }
  return typeof first === 'number' || typeof first === 'boolean';
}

export function isLeaf(value: unknown): value is Leaf {
  return (
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    isTensor(value) ||
    isTypedArray(value) ||
    isNumericArray(value)
  );
}

/** Every leaf of an element with its path, e.g. `[['xs', tensor], ['ys', 3]]`. Paths name errors. */
export function leavesOf(element: unknown, path = ''): [string, Leaf][] {
  if (isLeaf(element)) return [[path, element]];
  if (Array.isArray(element)) return element.flatMap((e, i) => leavesOf(e, `${path}[${i}]`));
  if (typeof element === 'object' && element !== null) {
    return Object.entries(element).flatMap(([k, e]) => leavesOf(e, path ? `${path}.${k}` : k));
  }
  throw new InvalidArgumentError(
    `Dataset element${path ? ` at '${path}'` : ''} is ${describe(element)}, which is not a tensor, number, ` +
      'typed array, number array, or an array/object of those. Convert it in map() first.',
  );
}

/** Rebuilds an element's structure with each leaf replaced, in `leavesOf` order. */
export function rebuild(template: unknown, leaves: readonly unknown[]): unknown {
  let next = 0;
  const walk = (node: unknown): unknown => {
    if (isLeaf(node)) return leaves[next++];
    if (Array.isArray(node)) return node.map(walk);
    return Object.fromEntries(Object.entries(node as object).map(([k, v]) => [k, walk(v)]));
  };
  return walk(template);
}

/** The tensors inside an element (a leaf, or nested arrays/objects). */
export function tensorsOf(element: unknown): Tensor[] {
  if (isTensor(element)) return [element];
  if (element === null || typeof element !== 'object' || isTypedArray(element)) return [];
  return Object.values(element).flatMap(tensorsOf);
}

/** Frees every tensor inside an element (no-op for plain numbers and arrays). */
export function disposeElement(element: unknown): void {
  for (const t of tensorsOf(element)) t.dispose();
}

/** Frees the tensors of `input` that are not part of `output` (what map() does with its argument). */
export function disposeUnused(input: unknown, output: unknown): void {
  const kept = new Set(tensorsOf(output).map((t) => t.id));
  for (const t of tensorsOf(input)) if (!kept.has(t.id)) t.dispose();
}

/** Gives a container `[Symbol.dispose]()` and `dispose()` (non-enumerable) that free its tensors. */
export function makeDisposable<T>(element: T): T {
  if (typeof element !== 'object' || element === null || isTensor(element)) return element;
  const dispose = () => disposeElement(element);
  Object.defineProperty(element, Symbol.dispose, { value: dispose, enumerable: false, configurable: true });
  return element;
}

/**
 * Runs `fn` in a tensor scope: tensors it creates and does not return are freed. Unlike `tf.tidy`, a function
 * that returns a Promise is refused with an error naming `where`, instead of a console message and tensors
 * freed under the still-running function.
 */
export function scoped<R>(where: string, asyncAlternative: string, fn: () => R): R {
  const engine = tf.engine();
  engine.startScope();
  let result: R;
  try {
    result = fn();
  } catch (error) {
    engine.endScope();
    throw error;
  }
  if (typeof (result as { then?: unknown })?.then === 'function') {
    engine.endScope();
    throw new InvalidArgumentError(
      `${where} received a Promise from its function. Use ${asyncAlternative} for async functions.`,
    );
  }
  engine.endScope(result as tf.TensorContainer);
  return result;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string')
    return `the string '${value.length > 20 ? `${value.slice(0, 20)}…` : value}'`;
  if (typeof value === 'object') return `an object of class ${value.constructor?.name ?? 'Object'}`;
  return `a ${typeof value}`;
}
