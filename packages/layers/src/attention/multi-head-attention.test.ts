import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  expectClose,
  expectNoLeak,
  expectParity,
  FunctionReference,
} from '../convolutional/expect-parity.js';
import { Layer } from '../layer.js';
import { deserializeLayer, serializeLayer } from '../serialization.js';
import { SymbolicTensor } from '../symbolic-tensor.js';
import { MultiHeadAttention, type MultiHeadAttentionArgs } from './multi-head-attention.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

/**
 * Multi-head attention written head by head with plain ops (tfjs-layers has none): for each head h,
 * softmax(q_h·k_hᵀ/√keyDim, masked with where) · v_h, projected by that head's slice of the output kernel, summed.
 */
function referenceAttention(
  [query, value, key = value]: tf.Tensor[],
  weights: tf.Tensor[],
  { numHeads, keyDim, useBias = true }: MultiHeadAttentionArgs,
  mask?: tf.Tensor,
): tf.Tensor {
  const [wq, bq, wk, bk, wv, bv, wo, bo] = useBias
    ? weights
    : [weights[0], undefined, weights[1], undefined, weights[2], undefined, weights[3], undefined];
  const linear = (x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor | undefined) => {
    const [b, t, d] = x.shape as number[];
    const y = tf.reshape(tf.matMul(tf.reshape(x, [b! * t!, d!]), kernel), [b!, t!, -1]);
    return bias ? tf.add(y, bias) : y;
  };
  const head = (w: tf.Tensor, h: number) => tf.squeeze(tf.slice(w, [0, h, 0], [-1, 1, -1]), [1]);
  const headBias = (b: tf.Tensor | undefined, h: number) =>
    b ? tf.squeeze(tf.slice(b, [h, 0], [1, -1]), [0]) : undefined;
  let out: tf.Tensor | undefined;
  for (let h = 0; h < numHeads; h++) {
    const q = linear(query!, head(wq!, h), headBias(bq, h));
    const k = linear(key!, head(wk!, h), headBias(bk, h));
    const v = linear(value!, head(wv!, h), headBias(bv, h));
    let scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(keyDim));
    if (mask) scores = tf.where(tf.cast(mask, 'bool'), scores, tf.fill(scores.shape, -1e9));
    const attended = tf.matMul(tf.softmax(scores), v);
    const outputKernel = tf.squeeze(tf.slice(wo!, [h, 0, 0], [1, -1, -1]), [0]);
    const term = linear(attended, outputKernel, undefined);
    out = out ? tf.add(out, term) : term;
  }
  return bo ? tf.add(out!, bo) : out!;
}

const random = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

describe('MultiHeadAttention', () => {
  const cases: { name: string; args: MultiHeadAttentionArgs; shapes: number[][] }[] = [
    {
      name: 'self-attention [x, x]',
      args: { numHeads: 2, keyDim: 3 },
      shapes: [
        [2, 4, 5],
        [2, 4, 5],
      ],
    },
    {
      name: 'cross-attention, other lengths and features',
      args: { numHeads: 3, keyDim: 2, valueDim: 4 },
      shapes: [
        [2, 3, 5],
        [2, 6, 4],
      ],
    },
    {
      name: 'separate key, outputShape, no bias',
      args: { numHeads: 2, keyDim: 2, outputShape: 7, useBias: false },
      shapes: [
        [1, 3, 4],
        [1, 5, 3],
        [1, 5, 6],
      ],
    },
  ];

  test.each(cases)(
    '$name: output and gradients (inputs and all 8 weights) match a head-by-head plain-op reference',
    ({ args, shapes }) => {
      const layer = new MultiHeadAttention({ ...args, biasInitializer: 'randomNormal' });
      const inputs = shapes.map((s, i) => random(s, 50 + i));
      const reference = new FunctionReference((xs, weights) => referenceAttention(xs, weights, args));
      expectParity({ strata: layer, reference, inputs });
      reference.dispose();
      tf.dispose(inputs);
    },
  );

  test('with an attention mask and the causal mask: output and gradients match the reference', () => {
    const args = { numHeads: 2, keyDim: 3 };
    const layer = new MultiHeadAttention(args);
    const x = random([2, 4, 3], 60);
    // Every query keeps key 0: a fully masked row is uniform in Keras too, but its gradient is an artefact of the
    // -1e9 rounding (additive in Keras and here, a constant in the where-based reference).
    const attentionMask = tf.tensor3d(
      [1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1],
      [2, 4, 4],
    );
    const causal = tf.linalg.bandPart(tf.ones([4, 4]), -1, 0);
    const combined = tf.mul(attentionMask, causal);
    const reference = new FunctionReference((xs, weights) => referenceAttention(xs, weights, args, combined));
    expectParity({
      strata: layer,
      reference,
      inputs: [x, x],
      kwargs: { attentionMask, useCausalMask: true },
    });
    reference.dispose();
    tf.dispose([x, attentionMask, causal, combined]);
  });

  test('by hand: with a zero query kernel every query attends uniformly, so each output is the mean value', async () => {
    const layer = new MultiHeadAttention({ numHeads: 1, keyDim: 1, outputShape: 1, useBias: false });
    layer.build([
      [null, 2, 2],
      [null, 3, 2],
    ]);
    const weights = [tf.zeros([2, 1, 1]), tf.ones([2, 1, 1]), tf.ones([2, 1, 1]), tf.ones([1, 1, 1])];
    layer.setWeights(weights);
    const query = tf.ones([1, 2, 2]);
    const value = tf.tensor3d([1, 2, 3, 4, 5, 6], [1, 3, 2]);
    const [output, scores] = layer.apply([query, value], {
      returnAttentionScores: true,
    }) as unknown as tf.Tensor[];
    // Value projection = row sums 3, 7, 11; uniform weights 1/3 → 7 for both queries.
    expect(Array.from(await output!.data())).toEqual([7, 7].map((v) => expect.closeTo(v, 5)));
    expect(Array.from(await scores!.data())).toEqual(new Array(6).fill(expect.closeTo(1 / 3, 6)));
    tf.dispose([...weights, query, value, output!, scores!]);
  });

  test('returnAttentionScores: [batch, heads, Tq, Tk], rows sum to 1, masked and future keys get 0', async () => {
    const layer = new MultiHeadAttention({ numHeads: 2, keyDim: 2 });
    const x = random([1, 3, 4], 61);
    const attentionMask = tf.tensor3d([1, 1, 1, 0, 1, 1, 1, 0, 1], [1, 3, 3]);
    const [output, scores] = layer.apply([x, x], {
      attentionMask,
      useCausalMask: true,
      returnAttentionScores: true,
    }) as unknown as tf.Tensor[];
    expect(output!.shape).toEqual([1, 3, 4]);
    expect(scores!.shape).toEqual([1, 2, 3, 3]);
    const s = (await scores!.array()) as number[][][][];
    for (const headScores of s[0]!) {
      for (const row of headScores) expect(row.reduce((a, b) => a + b)).toBeCloseTo(1, 6);
      // Upper triangle (future) and mask[0][2][1] = 0 are zero.
      expect([headScores[0]![1], headScores[0]![2], headScores[1]![2], headScores[2]![1]]).toEqual([
        0, 0, 0, 0,
      ]);
    }
    tf.dispose([x, attentionMask, output!, scores!]);
  });

  test('weights as Keras (EinsumDense shapes), in Keras order', () => {
    const layer = new MultiHeadAttention({ numHeads: 4, keyDim: 8, valueDim: 6, outputShape: 10 });
    layer.build([
      [null, 5, 16],
      [null, 7, 12],
      [null, 7, 9],
    ]);
    expect(layer.weightInfo().map((w) => [w.path, w.variable.shape])).toEqual([
      ['query/kernel', [16, 4, 8]],
      ['query/bias', [4, 8]],
      ['key/kernel', [9, 4, 8]],
      ['key/bias', [4, 8]],
      ['value/kernel', [12, 4, 6]],
      ['value/bias', [4, 6]],
      ['attention_output/kernel', [4, 6, 10]],
      ['attention_output/bias', [10]],
    ]);
  });

  test('computeOutputShape agrees with apply; symbolic inputs get the output shape; lengths may change after build', () => {
    const layer = new MultiHeadAttention({ numHeads: 2, keyDim: 3, outputShape: 6 });
    const q = tf.zeros([2, 4, 5]);
    const v = tf.zeros([2, 7, 3]);
    const y = layer.apply([q, v]);
    expect(y.shape).toEqual([2, 4, 6]);
    expect(
      layer.computeOutputShape([
        [null, 4, 5],
        [null, 7, 3],
      ]),
    ).toEqual([null, 4, 6]);
    const source = new Layer();
    const symbolic = layer.apply([
      new SymbolicTensor([null, null, 5], 'float32', source, []),
      new SymbolicTensor([null, 9, 3], 'float32', source, []),
    ]);
    expect(symbolic.shape).toEqual([null, null, 6]);
    const longer = tf.zeros([1, 9, 5]);
    const y2 = layer.apply([longer, longer.slice([0, 0, 0], [1, 9, 3])]);
    expect(y2.shape).toEqual([1, 9, 6]);
    tf.dispose([q, v, y, longer, y2]);
  });

  test('config round-trips', () => {
    const layer = new MultiHeadAttention({
      numHeads: 2,
      keyDim: 4,
      valueDim: 3,
      dropout: 0.1,
      outputShape: [8],
      kernelRegularizer: 'l2',
    });
    const config = layer.getConfig();
    expect(config).toMatchObject({
      numHeads: 2,
      keyDim: 4,
      valueDim: 3,
      dropout: 0.1,
      outputShape: 8,
      useBias: true,
      kernelInitializer: { className: 'GlorotUniform' },
    });
    expect(deserializeLayer(serializeLayer(layer)).getConfig()).toEqual(config);
  });

  test('bad inputs and arguments: each error names the input, the shapes and the fix', () => {
    const layer = new MultiHeadAttention({ numHeads: 2, keyDim: 3 });
    const x = tf.zeros([2, 4, 5]);
    expect(() => layer.apply(x)).toThrow(
      /takes 2 or 3 inputs \[query, value, key\?\], got one input of shape \[\d+, 4, 5\].*apply\(\[x, x\]\)/,
    );
    expect(layer.built).toBe(false);
    const flat = tf.zeros([2, 5]);
    expect(() => layer.apply([flat, x])).toThrow(
      /\(query\) expected a \[batch, time, features\] input.*\[\d+, 5\].*tf\.expandDims\(query, 1\)/,
    );
    tf.dispose(layer.apply([x, x]));
    const wide = tf.zeros([2, 4, 6]);
    expect(() => layer.apply([x, wide])).toThrow(
      /\(value\) expected a \[batch, time, 5\] input \(it was built for 5 value features\), got shape \[2, 4, 6\]/,
    );
    const shortKey = tf.zeros([2, 3, 5]);
    expect(() => layer.apply([x, x, shortKey])).toThrow(
      /value and key with the same length.*key \[2, 3, 5\]/,
    );
    const badMask = tf.ones([2, 4, 3]);
    expect(() => layer.apply([x, x], { attentionMask: badMask })).toThrow(
      /attentionMask expected shape \[2, 4, 4\], got shape \[2, 4, 3\]/,
    );
    expect(() => new MultiHeadAttention({ numHeads: 0, keyDim: 2 })).toThrow(
      /numHeads must be a positive integer, got 0/,
    );
    expect(() => new MultiHeadAttention({ numHeads: 1, keyDim: 2, dropout: -0.1 })).toThrow(
      /dropout must be a number in \[0, 1\)/,
    );
    tf.dispose([x, flat, wide, shortKey, badMask]);
  });

  test('dropout only in training; apply in a loop keeps the number of tensors constant', () => {
    const layer = new MultiHeadAttention({ numHeads: 2, keyDim: 2, dropout: 0.5 });
    const x = random([2, 3, 4], 62);
    const a = layer.apply([x, x]);
    const b = layer.apply([x, x], { training: false });
    expectClose(a, b);
    const c = layer.apply([x, x], { training: true });
    expect(tf.max(tf.abs(tf.sub(a, c))).dataSync()[0]).toBeGreaterThan(0);
    const mask = tf.ones([2, 3, 3]);
    expectNoLeak(() => layer.apply([x, x], { training: true, attentionMask: mask, useCausalMask: true }));
    tf.dispose([x, a, b, c, mask]);
  });
});
