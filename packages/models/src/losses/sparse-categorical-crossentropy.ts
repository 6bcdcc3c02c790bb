import * as tf from '@strata/core';
import { formatShapeCode, ShapeMismatchError } from '@strata/core';
import { Loss, type LossArgs, type LossConfig } from './loss.js';
import { EPSILON, toFloat } from './loss-utils.js';

export interface SparseCategoricalCrossentropyOptions {
  /** Whether `yPred` holds logits rather than softmax probabilities. Default: `false`. */
  fromLogits?: boolean;
}

/** Per-sample sparse categorical crossentropy; see {@link SparseCategoricalCrossentropy}. */
export function sparseCategoricalCrossentropy(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  { fromLogits = false }: SparseCategoricalCrossentropyOptions = {},
): tf.Tensor {
  const labelShape = yPred.shape.slice(0, -1);
  const squeeze = yTrue.rank === yPred.rank && yTrue.shape[yTrue.rank - 1] === 1;
  const trueShape = squeeze ? yTrue.shape.slice(0, -1) : yTrue.shape;
  if (!tf.util.arraysEqual(trueShape, labelShape)) {
    const classes = yPred.shape[yPred.rank - 1];
    throw new ShapeMismatchError(
      `Loss 'sparse_categorical_crossentropy'`,
      `integer class labels of shape ${formatShapeCode(labelShape)} or ${formatShapeCode([...labelShape, 1])} ` +
        `(yPred has shape ${formatShapeCode(yPred.shape)})`,
      yTrue.shape,
      tf.util.arraysEqual(yTrue.shape, yPred.shape)
        ? `These look like one-hot targets: use 'categorical_crossentropy' instead, or pass tf.argMax(yTrue, -1).`
        : `Pass one label in [0, ${classes - 1}] per prediction row.`,
    );
  }
  return tf.tidy(() => {
    const labels = tf.cast(squeeze ? tf.squeeze(yTrue, [-1]) : yTrue, 'int32');
    const p = toFloat(yPred);
    // Keras clips probabilities, takes their log and treats that as logits (which also renormalises them).
    const logits = fromLogits ? p : tf.log(tf.clipByValue(p, EPSILON, 1 - EPSILON));
    const oneHot = tf.oneHot(labels, yPred.shape[yPred.rank - 1]);
    return tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), -1));
  });
}

/**
 * Sparse categorical crossentropy (Keras `SparseCategoricalCrossentropy`, name
 * `'sparse_categorical_crossentropy'`): categorical crossentropy with integer class labels `c` of shape `[batch]`
 * or `[batch, 1]` instead of one-hot targets: `-log(softmax(x)[c])` with logits, `-log(p[c] / sum(p))` with
 * probabilities clipped to `[1e-7, 1 - 1e-7]`. (Keras has no label smoothing for this loss.)
 * Labels outside `[0, classes)` give a loss of 0 (checking them would need a GPU→CPU sync per batch).
 * @example new SparseCategoricalCrossentropy({ fromLogits: true }).call(tf.tensor1d([2], 'int32'), logits);
 */
export class SparseCategoricalCrossentropy extends Loss {
  static override readonly className = 'SparseCategoricalCrossentropy';
  readonly fromLogits: boolean;

  constructor(args: LossArgs & SparseCategoricalCrossentropyOptions = {}) {
    super(args, 'sparse_categorical_crossentropy');
    this.fromLogits = args.fromLogits ?? false;
  }

  call(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return sparseCategoricalCrossentropy(yTrue, yPred, { fromLogits: this.fromLogits });
  }

  override getConfig(): LossConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits };
  }
}
