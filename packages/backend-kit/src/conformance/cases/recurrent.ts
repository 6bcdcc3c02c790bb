import * as tf from '@strata/core';
import { type ConformanceCase, f32, opCases } from '../case.js';

// One LSTM and one GRU step as Keras computes them (gates from one matMul, split, sigmoid/tanh), and a short
// LSTM over time (unstack, step, stack) whose gradient runs back through every step.
const family = 'recurrent';
const units = 4;

function lstmStep(
  x: tf.Tensor,
  h: tf.Tensor,
  c: tf.Tensor,
  kernel: tf.Tensor,
  recurrent: tf.Tensor,
  bias: tf.Tensor,
) {
  const z = tf.add(tf.add(tf.matMul(x, kernel), tf.matMul(h, recurrent)), bias);
  const [i, f, g, o] = tf.split(z, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const cNext = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
  return { h: tf.mul(tf.sigmoid(o), tf.tanh(cNext)), c: cNext };
}

// Keras GRU with reset_after=true: the recurrent bias is applied before the reset gate.
function gruStep(x: tf.Tensor, h: tf.Tensor, kernel: tf.Tensor, recurrent: tf.Tensor, bias: tf.Tensor) {
  const [xz, xr, xh] = tf.split(tf.add(tf.matMul(x, kernel), bias), 3, 1) as [
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
  ];
  const [hz, hr, hh] = tf.split(tf.matMul(h, recurrent), 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
  const z = tf.sigmoid(tf.add(xz, hz));
  const r = tf.sigmoid(tf.add(xr, hr));
  const candidate = tf.tanh(tf.add(xh, tf.mul(r, hh)));
  return tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), candidate));
}

export const recurrentCases: ConformanceCase[] = [
  ...opCases(
    family,
    'lstmCell',
    'one step',
    [
      f32([2, 3]),
      f32([2, units]),
      f32([2, units]),
      f32([3, 4 * units], -1, 1),
      f32([units, 4 * units], -1, 1),
      f32([4 * units]),
    ],
    (x, h, c, kernel, recurrent, bias) => {
      const next = lstmStep(x, h, c, kernel, recurrent, bias);
      return tf.concat([next.h, next.c], 1);
    },
    { grad: true },
  ),
  ...opCases(
    family,
    'gruCell',
    'one step (reset_after)',
    [
      f32([2, 3]),
      f32([2, units]),
      f32([3, 3 * units], -1, 1),
      f32([units, 3 * units], -1, 1),
      f32([3 * units]),
    ],
    gruStep,
    { grad: true },
  ),
  ...opCases(
    family,
    'lstmSequence',
    '3 steps, go_backwards, return sequences',
    [f32([2, 3, 3]), f32([3, 4 * units], -1, 1), f32([units, 4 * units], -1, 1), f32([4 * units])],
    (sequence, kernel, recurrent, bias) => {
      let h = tf.zeros([2, units]);
      let c = tf.zeros([2, units]);
      const outputs: tf.Tensor[] = [];
      for (const x of tf.unstack(tf.reverse(sequence, 1), 1)) {
        ({ h, c } = lstmStep(x, h, c, kernel, recurrent, bias));
        outputs.push(h);
      }
      return tf.stack(outputs, 1);
    },
    { grad: true },
  ),
];
