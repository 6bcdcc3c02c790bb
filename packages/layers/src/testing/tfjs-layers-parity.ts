// Test-only helper (not exported from '@strata/layers/testing': it needs @tensorflow/tfjs-layers, a devDependency).
import * as tf from '@strata/core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'vitest';
import type { Layer } from '../layer.js';

export interface ParityOptions {
  /** Set on both layers; default: our layer's initial weights are copied to theirs. */
  weights?: tf.Tensor[];
  training?: boolean;
  atol?: number;
  /** Check gradients w.r.t. the inputs and the trainable weights too. Default: true. */
  gradients?: boolean;
}

/**
 * Asserts that our layer and the matching tfjs-layers layer, given the same weights and input, compute the same
 * output and the same gradients of `Σ output · r` (r random) with respect to the inputs and trainable weights.
 */
export function expectParity(
  ours: Layer,
  theirs: tfl.layers.Layer,
  input: tf.Tensor | tf.Tensor[],
  options: ParityOptions = {},
) {
  const atol = options.atol ?? 1e-5;
  const training = options.training ?? false;
  // Build both with a first (inference) call.
  tf.dispose([ours.apply(input as tf.Tensor), theirs.apply(input as tf.Tensor) as tf.Tensor]);
  ours.clearLosses();
  if (options.weights) ours.setWeights(options.weights);
  const values = ours.getWeights();
  theirs.setWeights(values);
  tf.dispose(values);

  const inputs = Array.isArray(input) ? input : [input];
  const run = (layer: { apply(x: any, kw?: any): any }, xs: tf.Tensor[]) =>
    layer.apply(Array.isArray(input) ? xs : xs[0], { training }) as tf.Tensor;

  tf.tidy(() => {
    const a = run(ours, inputs);
    const b = run(theirs, inputs);
    expect(a.shape).toEqual(b.shape);
    tf.test_util.expectArraysClose(a.arraySync() as number[], b.arraySync() as number[], atol);
    if (options.gradients === false) return;

    const r = tf.randomNormal(a.shape, 0, 1, 'float32', 7);
    const loss =
      (layer: { apply(x: any, kw?: any): any }) =>
      (...xs: tf.Tensor[]) =>
        tf.sum(tf.mul(run(layer, xs), r));
    const floatInputs = inputs.every((x) => x.dtype === 'float32');
    if (floatInputs) {
      const ga = tf.grads(loss(ours))(inputs);
      const gb = tf.grads(loss(theirs))(inputs);
      for (const [i, g] of ga.entries()) {
        tf.test_util.expectArraysClose(g.arraySync() as number[], gb[i]!.arraySync() as number[], atol);
      }
    }
    const oursVars = ours.trainableWeights;
    const theirVars = theirs.trainableWeights.map((w) => w.read() as tf.Variable);
    expect(oursVars.length).toBe(theirVars.length);
    if (oursVars.length) {
      const wa = tf.variableGrads(() => loss(ours)(...inputs) as tf.Scalar, oursVars);
      const wb = tf.variableGrads(() => loss(theirs)(...inputs) as tf.Scalar, theirVars);
      for (const [i, v] of oursVars.entries()) {
        const ours = wa.grads[v.name]!.arraySync() as number[];
        tf.test_util.expectArraysClose(ours, wb.grads[theirVars[i]!.name]!.arraySync() as number[], atol);
      }
    }
  });
  ours.clearLosses();
}

/** The tfjs-layers config of a layer, minus the fields that legitimately differ (the auto-generated name). */
export function tfjsConfig(layer: tfl.layers.Layer): Record<string, unknown> {
  const { name: _name, ...rest } = layer.getConfig() as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest));
}

/** Our config as JSON, minus the name. */
export function ourConfig(layer: Layer): Record<string, unknown> {
  const { name: _name, ...rest } = layer.getConfig();
  return JSON.parse(JSON.stringify(rest));
}

/**
 * Asserts the configs are interchangeable: ours has every key tfjs-layers writes, with equal values (except the
 * keys in `differ`, e.g. a default Keras and tfjs-layers disagree on), and tfjs-layers builds a layer from ours.
 */
export function expectConfigCompatible(ours: Layer, theirs: tfl.layers.Layer, differ: string[] = []): void {
  const a = ourConfig(ours);
  const b = tfjsConfig(theirs);
  for (const key of Object.keys(b)) {
    expect(a, `our config lacks '${key}'`).toHaveProperty(key);
    if (!differ.includes(key)) expect(a[key], `config key '${key}'`).toEqual(b[key]);
  }
  const Cls = theirs.constructor as unknown as {
    fromConfig(cls: unknown, config: Record<string, unknown>): tfl.layers.Layer;
  };
  const loaded = tfjsConfig(Cls.fromConfig(Cls, JSON.parse(JSON.stringify(ours.getConfig()))));
  for (const key of Object.keys(loaded)) {
    if (!/Initializer$/.test(key) && key in a)
      expect(loaded[key], `tfjs-layers read back '${key}'`).toEqual(a[key]);
  }
}
