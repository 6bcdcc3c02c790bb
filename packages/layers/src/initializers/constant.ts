import * as tf from '@strata/core';
import { Initializer } from './initializer.js';

/** All zeros. */
export class Zeros extends Initializer {
  static override readonly className = 'Zeros';
  apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.zeros(shape, dtype);
  }
}

/** All ones. */
export class Ones extends Initializer {
  static override readonly className = 'Ones';
  apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.ones(shape, dtype);
  }
}

/** Every element `value`. Default: 0. */
export class Constant extends Initializer {
  static override readonly className = 'Constant';
  readonly value: number;
  constructor(args: { value?: number } = {}) {
    super();
    this.value = args.value ?? 0;
  }
  apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.fill(shape, this.value, dtype);
  }
  override getConfig() {
    return { value: this.value };
  }
}
