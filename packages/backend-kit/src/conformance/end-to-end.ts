import * as tf from '@strata/core';
import type { Divergence } from '../first-divergent-kernel.js';

/** What a few training steps of the conformance MLP produced on one backend. */
export interface TrainingRun {
  losses: number[];
  error?: unknown;
  /** Tensors still alive after the run that were not before (weights and optimizer state are disposed). */
  leakedTensors: number;
}

/** The end-to-end part of a conformance report. */
export interface EndToEndResult {
  passed: boolean;
  /** The loss after each step, on the reference and on the plugin. */
  referenceLosses: number[];
  pluginLosses: number[];
  maxAbsDiff: number;
  leakedTensors: number;
  error?: string;
  /** The kernels the training dispatches (recorded on the reference). */
  kernels: string[];
  /** Whether the loss curves differ (rather than the training throwing or leaking). */
  lossesDiffer?: boolean;
  /** When the curves differ: the first kernel call whose inputs agree with the reference but outputs do not. */
  divergence?: Divergence;
}

export const trainingSteps = 5;

/**
 * Trains a 6-8-3 MLP (relu, softmax cross-entropy, sgd) for a few steps from fixed weights and data on the
 * active backend. Plain @strata/core, so the kit does not depend on @strata/models.
 */
export async function trainSmallMlp(steps = trainingSteps): Promise<TrainingRun> {
  const before = tf.memory().numTensors;
  const seeded = (shape: number[], seed: number, scale = 1) =>
    tf.tidy(() => tf.mul(tf.randomUniform(shape, -1, 1, 'float32', seed), scale));
  // tf.variable shares its initial value's data: make it in a tidy so that tensor is freed.
  const w1 = tf.tidy(() => tf.variable(seeded([6, 8], 1, 0.5)));
  const b1 = tf.tidy(() => tf.variable(tf.zeros([8])));
  const w2 = tf.tidy(() => tf.variable(seeded([8, 3], 2, 0.5)));
  const b2 = tf.tidy(() => tf.variable(tf.zeros([3])));
  const x = seeded([16, 6], 3);
  const y = tf.tidy(() =>
    tf.oneHot(tf.tensor1d([0, 1, 2, 2, 1, 0, 0, 1, 2, 2, 1, 0, 1, 1, 2, 0], 'int32'), 3),
  );
  const optimizer = tf.train.sgd(0.5);
  const run: TrainingRun = { losses: [], leakedTensors: 0 };
  try {
    for (let step = 0; step < steps; step++) {
      const loss = optimizer.minimize(() => {
        const hidden = tf.relu(tf.add(tf.matMul(x, w1), b1));
        return tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(hidden, w2), b2)) as tf.Scalar;
      }, true)!;
      run.losses.push((await loss.data())[0]!);
      loss.dispose();
    }
  } catch (error) {
    run.error = error;
  } finally {
    optimizer.dispose();
    tf.dispose([w1, b1, w2, b2, x, y]);
    run.leakedTensors = tf.memory().numTensors - before;
  }
  return run;
}
