import * as tf from '@strata/core';
import { expect } from 'vitest';
import type { CallArgs, Layer } from '../layer.js';

// Test helpers for the convolution, pooling, recurrent and attention tests (not exported from the package).

/** The parts of a tfjs-layers layer (or any reference) the parity check uses. */
export interface ReferenceLayer {
  apply(inputs: tf.Tensor | tf.Tensor[], kwargs?: Record<string, unknown>): unknown;
  setWeights(weights: tf.Tensor[]): void;
  readonly trainableWeights: { read(): tf.Tensor }[];
}

export interface ParityCase {
  strata: Layer;
  reference: ReferenceLayer;
  inputs: tf.Tensor | tf.Tensor[];
  /** Keyword arguments for both `apply` calls. */
  kwargs?: CallArgs;
  /** Turns the Strata weights into the reference's (when layouts differ). Default: the same tensors. */
  mapWeights?: (strataWeights: tf.Tensor[]) => tf.Tensor[];
  /** Compare outputs only (when the reference cannot compute gradients). Default: false. */
  forwardOnly?: boolean;
  /** Largest allowed |strata - reference|, scaled by max(1, |reference|). Default: 1e-5. */
  tolerance?: number;
}

const toList = (x: unknown): tf.Tensor[] => (Array.isArray(x) ? (x as tf.Tensor[]) : [x as tf.Tensor]);

/** Max |a - b| / max(1, |b|) over all elements, after checking the shapes agree. */
export function maxRelativeDifference(actual: tf.Tensor, expected: tf.Tensor): number {
  expect(actual.shape).toEqual(expected.shape);
  return tf.tidy(() => {
    const scale = tf.maximum(tf.abs(expected), 1);
    return tf.max(tf.div(tf.abs(tf.sub(actual, expected)), scale)).dataSync()[0]!;
  });
}

export function expectClose(actual: tf.Tensor, expected: tf.Tensor, tolerance = 1e-5): void {
  expect(maxRelativeDifference(actual, expected)).toBeLessThanOrEqual(tolerance);
}

/**
 * Gives the reference layer the Strata layer's weights, then checks that both produce the same outputs and the
 * same gradients with respect to every input and every trainable weight. The loss is Σ outputᵢ · upstreamᵢ with
 * fixed random `upstream` tensors, so every output element gets its own gradient weight.
 */
export function expectParity(c: ParityCase): void {
  const tolerance = c.tolerance ?? 1e-5;
  const inputs = toList(c.inputs);
  const feed = (list: tf.Tensor[]) => (Array.isArray(c.inputs) ? list : list[0]!);
  // Build both layers first (their weights are created on the first call).
  tf.dispose([c.strata.apply(feed(inputs), c.kwargs) as tf.Tensor | tf.Tensor[]]);
  if (!(c.reference instanceof FunctionReference))
    tf.dispose(toList(c.reference.apply(feed(inputs), c.kwargs)));
  const strataWeights = c.strata.getWeights();
  const referenceWeights = c.mapWeights ? c.mapWeights(strataWeights) : strataWeights;
  c.reference.setWeights(referenceWeights);
  tf.dispose([...strataWeights, ...referenceWeights]);

  const runStrata = (xs: tf.Tensor[]) => toList(c.strata.apply(feed(xs), c.kwargs));
  const runReference = (xs: tf.Tensor[]) => toList(c.reference.apply(feed(xs), c.kwargs));

  tf.tidy(() => {
    const ours = runStrata(inputs);
    const theirs = runReference(inputs);
    expect(ours.length).toBe(theirs.length);
    for (const [i, o] of ours.entries()) expectClose(o, theirs[i]!, tolerance);

    if (c.forwardOnly) return;
    const upstream = theirs.map((t, i) => tf.randomNormal(t.shape, 0, 1, 'float32', 17 + i));
    const loss = (outputs: tf.Tensor[]) =>
      outputs.map((o, i) => tf.sum(tf.mul(o, upstream[i]!))).reduce((a, b) => tf.add(a, b)) as tf.Scalar;

    const floatInputs = inputs.filter((x) => x.dtype === 'float32');
    if (floatInputs.length === inputs.length) {
      const ourInputGrads = tf.grads((...xs: tf.Tensor[]) => loss(runStrata(xs)))(inputs);
      const theirInputGrads = tf.grads((...xs: tf.Tensor[]) => loss(runReference(xs)))(inputs);
      for (const [i, g] of ourInputGrads.entries()) expectClose(g, theirInputGrads[i]!, tolerance);
    }

    const ourVariables = c.strata.trainableWeights;
    const theirVariables = c.reference.trainableWeights.map((w) => w.read() as tf.Variable);
    expect(ourVariables.length).toBe(theirVariables.length);
    if (ourVariables.length > 0 && !c.mapWeights) {
      const ours = tf.variableGrads(() => loss(runStrata(inputs)), ourVariables);
      const theirs = tf.variableGrads(() => loss(runReference(inputs)), theirVariables);
      ourVariables.forEach((v, i) => {
        expectClose(ours.grads[v.name]!, theirs.grads[theirVariables[i]!.name]!, tolerance);
      });
    }
  });
}

/**
 * Runs `step` once (to build and warm up), then `times` more: the number of live tensors must not grow, apart from
 * what `step` returns (which is disposed here).
 */
export function expectNoLeak(step: () => tf.Tensor | tf.Tensor[], times = 3): void {
  tf.dispose(step());
  const before = tf.memory().numTensors;
  for (let i = 0; i < times; i++) tf.dispose(step());
  expect(tf.memory().numTensors).toBe(before);
}

/**
 * Builds the @tensorflow/tfjs-layers layer registered as `className` from a Strata layer's `getConfig()`, the way
 * tfjs-layers does when it loads a saved model: proves the config is in the tfjs Layers format. The config goes
 * through JSON (as in a model.json); the name is dropped so the two layers' variable names cannot collide.
 */
export function tfjsLayerFromConfig(className: string, config: Record<string, unknown>): ReferenceLayer {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry)
    throw new Error(`tfjs-layers has no class '${className}'; import '@tensorflow/tfjs-layers' first.`);
  const { name: _name, ...rest } = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
  const [cls, fromConfig] = entry;
  return fromConfig(cls, rest as tf.serialization.ConfigDict) as unknown as ReferenceLayer;
}

/**
 * `expectParity` of `layer` against the tfjs-layers layer built from its own config (`tfjsLayerFromConfig`), on a
 * seeded random-normal input of `inputShape`: outputs and gradients.
 */
export function expectTfjsParity(layer: Layer, inputShape: number[], seed: number): void {
  const className = (layer.constructor as typeof Layer).className;
  const x = tf.randomNormal(inputShape, 0, 1, 'float32', seed);
  expectParity({ strata: layer, reference: tfjsLayerFromConfig(className, layer.getConfig()), inputs: x });
  x.dispose();
}

/** A reference written with plain tf ops: `fn(inputs, weights)`, the weights being copies of the Strata layer's. */
export class FunctionReference implements ReferenceLayer {
  private variables: tf.Variable[] = [];
  constructor(private readonly fn: (inputs: tf.Tensor[], weights: tf.Tensor[]) => tf.Tensor | tf.Tensor[]) {}

  apply(inputs: tf.Tensor | tf.Tensor[], kwargs?: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    void kwargs;
    return tf.tidy(() => this.fn(toList(inputs), this.variables));
  }

  setWeights(weights: tf.Tensor[]): void {
    this.dispose();
    this.variables = weights.map((w) => tf.variable(w.clone()));
  }

  get trainableWeights() {
    return this.variables.map((v) => ({ read: () => v }));
  }

  dispose(): void {
    tf.dispose(this.variables);
    this.variables = [];
  }
}

/**
 * Convolution written out as a sum over kernel taps of strided slices times the tap's weights (TensorFlow's
 * 'same' padding split: the extra pixel goes after). Independent of tfjs's conv kernels, differentiable with any
 * dilation. `depthwise`: kernel `[kh, kw, in, multiplier]`, each channel convolved alone.
 */
export function referenceConv2d(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  strides: number[],
  padding: 'valid' | 'same',
  dilation: number[] = [1, 1],
  depthwise = false,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [batch, height, width, channels] = x.shape;
    const [kh, kw, , outPerTap] = kernel.shape;
    const size = [height, width];
    const taps = [kh, kw];
    const effective = taps.map((k, i) => k + (k - 1) * (dilation[i]! - 1));
    const out = size.map((n, i) =>
      padding === 'same' ? Math.ceil(n / strides[i]!) : Math.ceil((n - effective[i]! + 1) / strides[i]!),
    );
    const pads = size.map((n, i) => Math.max((out[i]! - 1) * strides[i]! + effective[i]! - n, 0));
    const padded = tf.pad(x, [
      [0, 0],
      [Math.floor(pads[0]! / 2), pads[0]! - Math.floor(pads[0]! / 2)],
      [Math.floor(pads[1]! / 2), pads[1]! - Math.floor(pads[1]! / 2)],
      [0, 0],
    ]);
    const outChannels = depthwise ? channels * outPerTap : outPerTap;
    let sum: tf.Tensor = tf.zeros([batch, out[0]!, out[1]!, outChannels]);
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        const top = a * dilation[0]!;
        const left = b * dilation[1]!;
        // tf.gather, not stridedSlice: tfjs has no gradient for StridedSlice.
        const rows = tf.tensor1d(
          Array.from({ length: out[0]! }, (_, i) => top + i * strides[0]!),
          'int32',
        );
        const cols = tf.tensor1d(
          Array.from({ length: out[1]! }, (_, i) => left + i * strides[1]!),
          'int32',
        );
        const window = tf.gather(tf.gather(padded, rows, 1), cols, 2);
        const tap = tf.squeeze(tf.slice(kernel, [a, b, 0, 0], [1, 1, channels, outPerTap]), [0, 1]);
        const term = depthwise
          ? tf.reshape(tf.mul(tf.expandDims(window, -1), tap), [batch, out[0]!, out[1]!, outChannels])
          : tf.reshape(tf.matMul(tf.reshape(window, [-1, channels]), tap), [
              batch,
              out[0]!,
              out[1]!,
              outChannels,
            ]);
        sum = tf.add(sum, term);
      }
    }
    return sum as tf.Tensor4D;
  });
}
