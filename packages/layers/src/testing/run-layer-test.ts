import * as tf from '@strata/core';
import { formatShapeCode, type Shape } from '@strata/core';
import type { Layer } from '../layer.js';
import { deserializeLayer, serializeLayer } from '../serialization.js';

/** A number or nested arrays of numbers, as `tensor.arraySync()` returns. */
export type NestedNumbers = number | NestedNumbers[];

export interface LayerTestOptions {
  /** Full input shape, batch axis included: `[2, 4]`; a list of shapes for layers taking several inputs. */
  inputShape: number[] | number[][];
  /** Full output shape (`null` matches any size). Checked on `apply` and on `computeOutputShape`. */
  expectedOutputShape?: Shape | Shape[];
  expectedTrainableWeights?: number;
  expectedNonTrainableWeights?: number;
  /** Values for `setWeights`, in `layer.weights` order. The caller keeps ownership. */
  weights?: tf.Tensor[];
  /** Default: random normal values of `inputShape`. The caller keeps ownership. */
  input?: tf.Tensor | tf.Tensor[];
  /** Compared within `atol` (default 1e-5). */
  expectedOutput?: tf.Tensor | tf.Tensor[] | NestedNumbers;
  atol?: number;
  /** Passed to `apply`. Default: `false`. */
  training?: boolean;
  /** Whether outputs are random in this mode (e.g. Dropout when training): skips the clone's output check. */
  randomOutput?: boolean;
}

/**
 * Checks a layer's whole contract in one call, as Keras's `run_layer_test`:
 * - `apply()` gives `expectedOutputShape` and `computeOutputShape()` agrees with it;
 * - the numbers of trainable and non-trainable weights;
 * - output values (with `weights` and `input`, against `expectedOutput`);
 * - `getConfig()` is JSON-serializable, and `fromConfig` / `deserializeLayer` rebuild a layer with the same config
 *   that computes the same output from the same weights;
 * - `tf.memory().numTensors` is the same after as before (applying twice, disposing the layers).
 *
 * Throws an Error describing the first difference, so it works in any test runner.
 * @example
 * test('contract', () =>
 *   runLayerTest(Dense, { units: 3 }, {
 *     inputShape: [2, 4], expectedOutputShape: [2, 3], expectedTrainableWeights: 2,
 *     weights: [tf.ones([4, 3]), tf.zeros([3])], input: tf.ones([2, 4]), expectedOutput: tf.fill([2, 3], 4),
 *   }));
 */
export function runLayerTest<A>(
  LayerClass: (new (
    args: A,
  ) => Layer) & { readonly className: string; fromConfig(config: Record<string, unknown>): Layer },
  args: A,
  options: LayerTestOptions,
): void {
  const tensorsBefore = tf.memory().numTensors;
  const what = LayerClass.className;
  const multi = Array.isArray(options.inputShape[0]);
  const inputShapes = (multi ? options.inputShape : [options.inputShape]) as number[][];
  const ownInput = options.input === undefined;
  const input =
    options.input ??
    (multi
      ? inputShapes.map((s) => tf.randomNormal(s, 0, 1, 'float32', 1))
      : tf.randomNormal(inputShapes[0]!, 0, 1, 'float32', 1));
  const kwargs = { training: options.training ?? false };
  const layers: Layer[] = [];
  const outputs: tf.Tensor[] = [];
  try {
    const layer = new LayerClass(args);
    layers.push(layer);
    const buildShape = multi ? inputShapes.map(unknownBatch) : unknownBatch(inputShapes[0]!);
    if (options.weights) {
      layer.build(buildShape);
      layer.setWeights(options.weights);
    }
    const output = layer.apply(input, kwargs) as tf.Tensor | tf.Tensor[];
    outputs.push(...list(output));

    const actualShape = shapeOf(output);
    if (options.expectedOutputShape !== undefined && !shapesMatch(options.expectedOutputShape, actualShape)) {
      fail(
        what,
        `apply() returned shape ${show(actualShape)}, expected ${show(options.expectedOutputShape)}`,
      );
    }
    const computed = layer.computeOutputShape(multi ? inputShapes : inputShapes[0]!);
    if (!shapesMatch(computed, actualShape)) {
      fail(
        what,
        `computeOutputShape(${show(options.inputShape)}) is ${show(computed)}, but apply() returned ${show(actualShape)}`,
      );
    }
    const computedUnknown = layer.computeOutputShape(buildShape);
    if (!shapesMatch(computedUnknown, unknownBatchAll(actualShape))) {
      fail(
        what,
        `computeOutputShape(${show(buildShape)}) is ${show(computedUnknown)}, expected ${show(unknownBatchAll(actualShape))}`,
      );
    }

    countWeights(what, 'trainable', layer.trainableWeights.length, options.expectedTrainableWeights);
    countWeights(
      what,
      'non-trainable',
      layer.nonTrainableWeights.length,
      options.expectedNonTrainableWeights,
    );

    const atol = options.atol ?? 1e-5;
    if (options.expectedOutput !== undefined) {
      const got = list(output);
      const expected = options.expectedOutput;
      const wanted: unknown[] =
        Array.isArray(expected) && expected[0] instanceof tf.Tensor ? expected : [expected];
      if (wanted.length !== got.length)
        fail(what, `apply() returned ${got.length} outputs, expected ${wanted.length}`);
      got.forEach((g, i) => {
        const want = wanted[i] instanceof tf.Tensor ? (wanted[i] as tf.Tensor).arraySync() : wanted[i];
        compareValues(what, got.length > 1 ? `output ${i}` : 'output', g.arraySync(), want, atol);
      });
    }

    const config = layer.getConfig();
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(JSON.stringify(config));
    } catch (e) {
      fail(what, `getConfig() is not JSON-serializable: ${(e as Error).message}`);
    }
    const clone = LayerClass.fromConfig(json!);
    layers.push(clone);
    const cloneConfig = JSON.parse(JSON.stringify(clone.getConfig()));
    if (!deepEqual(cloneConfig, json!)) {
      fail(
        what,
        `fromConfig(getConfig()).getConfig() differs:\n  ${JSON.stringify(cloneConfig)}\nvs\n  ${JSON.stringify(json!)}`,
      );
    }
    const revived = deserializeLayer(JSON.parse(JSON.stringify(serializeLayer(layer))));
    layers.push(revived);
    if (!(revived instanceof LayerClass)) {
      fail(what, `deserializeLayer(serializeLayer(layer)) made a ${(revived as Layer).constructor.name}`);
    }

    // The clone, given the same weights, computes the same output.
    clone.build(buildShape);
    const values = layer.getWeights();
    try {
      clone.setWeights(values);
    } finally {
      tf.dispose(values);
    }
    const cloneOutput = clone.apply(input, kwargs) as tf.Tensor | tf.Tensor[];
    outputs.push(...list(cloneOutput));
    if (!options.randomOutput) {
      const cloned = list(cloneOutput);
      for (const [i, o] of list(output).entries()) {
        compareValues(what, 'fromConfig clone output', cloned[i]!.arraySync(), o.arraySync(), atol);
      }
    }

    // A second apply leaves exactly one more tensor per output: nothing leaks from call().
    const before = tf.memory().numTensors;
    const again = layer.apply(input, kwargs) as tf.Tensor | tf.Tensor[];
    const made = tf.memory().numTensors - before;
    tf.dispose(again);
    layer.clearLosses();
    if (made !== list(again).length) {
      fail(
        what,
        `apply() left ${made} new tensors for ${list(again).length} output(s): call() leaks ${made - list(again).length}`,
      );
    }
  } finally {
    tf.dispose(outputs);
    for (const l of layers) l.dispose();
    if (ownInput) tf.dispose(input);
  }
  const leaked = tf.memory().numTensors - tensorsBefore;
  if (leaked !== 0) fail(what, `${leaked} tensor(s) leaked after disposing the layer and its outputs`);
}

function fail(what: string, message: string): never {
  throw new Error(`runLayerTest(${what}): ${message}.`);
}

function countWeights(what: string, kind: string, got: number, expected: number | undefined): void {
  if (expected !== undefined && got !== expected)
    fail(what, `expected ${expected} ${kind} weights, got ${got}`);
}

const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
const unknownBatch = (s: Shape): Shape => (s.length ? [null, ...s.slice(1)] : []);
const isShapeList = (s: Shape | Shape[]): s is Shape[] => s.length > 0 && Array.isArray(s[0]);
const unknownBatchAll = (s: Shape | Shape[]): Shape | Shape[] =>
  isShapeList(s) ? s.map(unknownBatch) : unknownBatch(s);
const shapeOf = (x: tf.Tensor | tf.Tensor[]): Shape | Shape[] =>
  Array.isArray(x) ? x.map((t) => [...t.shape]) : [...x.shape];
const show = (s: Shape | Shape[] | number[][]): string =>
  isShapeList(s as Shape | Shape[])
    ? (s as Shape[]).map(formatShapeCode).join(', ')
    : formatShapeCode(s as Shape);

function shapesMatch(expected: Shape | Shape[], actual: Shape | Shape[]): boolean {
  const e = isShapeList(expected) ? expected : [expected as Shape];
  const a = isShapeList(actual) ? actual : [actual as Shape];
  return (
    e.length === a.length &&
    e.every((s, i) => s.length === a[i]!.length && s.every((d, j) => d === null || d === a[i]![j]))
  );
}

function compareValues(what: string, label: string, got: unknown, want: unknown, atol: number): void {
  const g = [got].flat(Number.POSITIVE_INFINITY) as number[];
  const w = [want].flat(Number.POSITIVE_INFINITY) as number[];
  if (g.length !== w.length) fail(what, `${label} has ${g.length} values, expected ${w.length}`);
  for (let i = 0; i < g.length; i++) {
    const close =
      Math.abs(g[i]! - w[i]!) <= atol + atol * Math.abs(w[i]!) || (Number.isNaN(g[i]) && Number.isNaN(w[i]));
    if (!close)
      fail(what, `${label} differs at flat index ${i}: got ${g[i]}, expected ${w[i]} (atol ${atol})`);
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
