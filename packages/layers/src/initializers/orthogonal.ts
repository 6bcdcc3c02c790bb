import * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import { Initializer } from './initializer.js';

/**
 * A (semi-)orthogonal matrix times `gain` (Keras's Orthogonal): the Q of a QR decomposition of a normal sample,
 * sign-corrected by diag(R) so the result is uniformly distributed. Shapes of rank > 2 are flattened to
 * `[prod(shape[:-1]), shape[-1]]`.
 */
export class Orthogonal extends Initializer {
  static override readonly className = 'Orthogonal';
  readonly gain: number;
  readonly seed?: number;
  constructor(args: { gain?: number; seed?: number } = {}) {
    super();
    this.gain = args.gain ?? 1;
    this.seed = args.seed;
  }

  apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    if (shape.length < 2) {
      throw new InvalidArgumentError(
        `Orthogonal initializer needs a shape of rank 2 or more, got [${shape.join(', ')}]. ` +
          `Use another initializer (e.g. 'glorotUniform') for vectors.`,
      );
    }
    return tf.tidy(() => {
      const cols = shape[shape.length - 1]!;
      const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
      const transposed = rows < cols;
      const sample = tf.randomNormal(transposed ? [cols, rows] : [rows, cols], 0, 1, 'float32', this.seed);
      const [q, r] = tf.linalg.qr(sample as tf.Tensor2D);
      const diagonal = r!.mul(tf.eye(r!.shape[0], r!.shape[1])).sum(1);
      let result = q!.mul(tf.sign(diagonal).reshape([1, -1]));
      if (transposed) result = result.transpose();
      return result.mul(this.gain).reshape(shape).cast(dtype);
    });
  }

  override getConfig() {
    return { gain: this.gain, seed: this.seed };
  }
}
