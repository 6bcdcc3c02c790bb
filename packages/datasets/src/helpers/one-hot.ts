import * as tf from '@strata/core';
import { formatShapeCode, InvalidArgumentError, type Tensor, type Tensor2D } from '@strata/core';
import { isTensor } from '../pipeline/element.js';

/**
 * Integer class labels → one-hot rows, like Keras's `to_categorical`: label `k` becomes a row of `numClasses`
 * zeros with a one at `k`. Returns float32 `[n, numClasses]` (what categorical cross-entropy expects).
 * Labels must be integers in `[0, numClasses)`; anything else throws, naming the first bad label and its index.
 *
 * @example oneHot([0, 2], 3).arraySync(); // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(labels: Tensor | ArrayLike<number>, numClasses: number): Tensor2D {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new InvalidArgumentError(`oneHot(): numClasses must be a positive integer, got ${numClasses}.`);
  }
  if (isTensor(labels) && labels.rank !== 1) {
    throw new InvalidArgumentError(
      `oneHot(): labels must be 1-D (one class index per example), got shape ${formatShapeCode(labels.shape)}. ` +
        'Reshape them to [n] first.',
    );
  }
  // One read of the labels: tf.oneHot would silently give all-zero rows for out-of-range labels. This is a
  // once-per-dataset helper, not a per-step one, so the synchronous read is acceptable.
  const values = isTensor(labels) ? labels.dataSync() : labels;
  const indices = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
      throw new InvalidArgumentError(
        `oneHot(): label ${v} at index ${i} is not an integer in [0, ${numClasses}). ` +
          'Pass numClasses larger than the largest label, or map the labels to 0..numClasses-1 first.',
      );
    }
    indices[i] = v;
  }
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(indices, 'int32'), numClasses), 'float32') as Tensor2D);
}
