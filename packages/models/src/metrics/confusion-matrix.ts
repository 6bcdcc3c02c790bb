import * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import { squeezeOrExpandToSameRank } from '../losses/loss-utils.js';

/** Keras's `NEG_INF`: what top-k filtering gives the predictions outside the top k. */
export const NEG_INF = -1e10;

export interface ConfusionOptions {
  /** Only the `topK` highest predictions of each row can be positive. */
  topK?: number;
  /** Only look at this class (column of the last axis). */
  classId?: number;
  sampleWeight?: tf.Tensor;
}

/** Weighted confusion-matrix counts, one entry per threshold. */
export interface ConfusionCounts {
  truePositives: tf.Tensor1D;
  falsePositives: tf.Tensor1D;
  trueNegatives: tf.Tensor1D;
  falseNegatives: tf.Tensor1D;
}

/**
 * Keras's `update_confusion_matrix_variables` (single-label form): flattens targets and predictions, counts a
 * prediction as positive at threshold `θ` when `yPred > θ` and a target as positive when it is non-zero, and sums
 * the sample weights of each of the four cases for each threshold.
 */
export function confusionCounts(
  metric: string,
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  thresholds: readonly number[],
  { topK, classId, sampleWeight }: ConfusionOptions = {},
): ConfusionCounts {
  return tf.tidy(() => {
    let [p, t] = squeezeOrExpandToSameRank(tf.cast(yPred, 'float32'), tf.cast(yTrue, 'float32'));
    let w: tf.Tensor | undefined;
    if (sampleWeight !== undefined) {
      [, w] = squeezeOrExpandToSameRank(t, tf.expandDims(tf.cast(sampleWeight, 'float32'), -1), false);
    }
    if (topK !== undefined) {
      const classes = p.shape[p.rank - 1];
      const mask = tf.sum(tf.oneHot(tf.topk(p, Math.min(topK, classes)).indices, classes), -2);
      p = tf.add(tf.mul(p, mask), tf.mul(NEG_INF, tf.sub(1, mask)));
    }
    if (classId !== undefined) {
      const classes = p.shape[p.rank - 1];
      if (p.rank < 2 || classId < 0 || classId >= classes) {
        throw new InvalidArgumentError(
          `Metric '${metric}' got classId=${classId} but yPred has shape [${p.shape.join(', ')}]. ` +
            `classId needs predictions of shape [batch, classes] and a value in [0, ${classes - 1}].`,
        );
      }
      p = tf.slice(p, [...Array(p.rank - 1).fill(0), classId], [...Array(p.rank - 1).fill(-1), 1]);
      t = tf.slice(t, [...Array(t.rank - 1).fill(0), classId], [...Array(t.rank - 1).fill(-1), 1]);
      if (w !== undefined && w.shape[w.rank - 1] !== 1) {
        w = tf.slice(w, [...Array(w.rank - 1).fill(0), classId], [...Array(w.rank - 1).fill(-1), 1]);
      }
    }
    const pred = tf.reshape(p, [1, -1]);
    const label = tf.cast(tf.notEqual(tf.reshape(t, [1, -1]), 0), 'float32');
    const weight = w === undefined ? tf.onesLike(pred) : tf.reshape(tf.broadcastTo(w, p.shape), [1, -1]);
    const predPos = tf.cast(
      tf.greater(pred, tf.reshape(tf.tensor1d(thresholds as number[]), [-1, 1])),
      'float32',
    );
    const predNeg = tf.sub(1, predPos);
    const pos = tf.mul(label, weight);
    const neg = tf.mul(tf.sub(1, label), weight);
    return {
      truePositives: tf.sum(tf.mul(predPos, pos), 1) as tf.Tensor1D,
      falsePositives: tf.sum(tf.mul(predPos, neg), 1) as tf.Tensor1D,
      trueNegatives: tf.sum(tf.mul(predNeg, neg), 1) as tf.Tensor1D,
      falseNegatives: tf.sum(tf.mul(predNeg, pos), 1) as tf.Tensor1D,
    };
  });
}
