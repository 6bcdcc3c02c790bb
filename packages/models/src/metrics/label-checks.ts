import * as tf from '@strata/core';
import { formatShapeCode, ShapeMismatchError } from '@strata/core';

/** Throws unless `yTrue` is one-hot shaped like `yPred` (`[batch, classes]`). */
export function requireOneHot(metric: string, yTrue: tf.Tensor, yPred: tf.Tensor): void {
  if (tf.util.arraysEqual(yTrue.shape, yPred.shape)) return;
  throw new ShapeMismatchError(
    `Metric '${metric}'`,
    `one-hot yTrue of shape ${formatShapeCode(yPred.shape)} (the shape of yPred)`,
    yTrue.shape,
    yTrue.rank < yPred.rank || yTrue.shape[yTrue.rank - 1] === 1
      ? `For integer class labels use the sparse variant ('sparse_${metric}').`
      : 'Give yTrue the shape of yPred.',
  );
}

/** Throws unless `yTrue` holds one integer label per row of `yPred`; returns the labels as int32 `[batch]`. */
export function sparseLabels(metric: string, yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const labelShape = yPred.shape.slice(0, -1);
  const squeeze = yTrue.rank === yPred.rank && yTrue.shape[yTrue.rank - 1] === 1;
  const trueShape = squeeze ? yTrue.shape.slice(0, -1) : yTrue.shape;
  if (!tf.util.arraysEqual(trueShape, labelShape)) {
    throw new ShapeMismatchError(
      `Metric '${metric}'`,
      `integer class labels of shape ${formatShapeCode(labelShape)} or ${formatShapeCode([...labelShape, 1])}`,
      yTrue.shape,
      tf.util.arraysEqual(yTrue.shape, yPred.shape)
        ? `These look like one-hot targets: use '${metric.replace(/^sparse_/, '')}' instead.`
        : 'Pass one class index per prediction row.',
    );
  }
  return tf.cast(squeeze ? tf.squeeze(yTrue, [-1]) : yTrue, 'int32');
}
