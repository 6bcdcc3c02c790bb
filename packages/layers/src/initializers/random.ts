import * as tf from '@strata/core';
import { Initializer } from './initializer.js';

export interface RandomNormalArgs {
  /** Default: 0. */
  mean?: number;
  /** Default: 0.05 (Keras). */
  stddev?: number;
  seed?: number;
}

/** Samples from N(mean, stddev²). */
export class RandomNormal extends Initializer {
  static override readonly className: string = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  readonly seed?: number;
  constructor(args: RandomNormalArgs = {}) {
    super();
    this.mean = args.mean ?? 0;
    this.stddev = args.stddev ?? 0.05;
    this.seed = args.seed;
  }
  apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.randomNormal(shape, this.mean, this.stddev, dtype as 'float32', this.seed);
  }
  override getConfig() {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
}

/** Samples from N(mean, stddev²), redrawing values more than two standard deviations from the mean. */
export class TruncatedNormal extends RandomNormal {
  static override readonly className = 'TruncatedNormal';
  override apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.truncatedNormal(shape, this.mean, this.stddev, dtype as 'float32', this.seed);
  }
}

export interface RandomUniformArgs {
  /** Default: -0.05 (Keras). */
  minval?: number;
  /** Default: 0.05 (Keras). */
  maxval?: number;
  seed?: number;
}

/** Samples from U[minval, maxval). */
export class RandomUniform extends Initializer {
  static override readonly className = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  readonly seed?: number;
  constructor(args: RandomUniformArgs = {}) {
    super();
    this.minval = args.minval ?? -0.05;
    this.maxval = args.maxval ?? 0.05;
    this.seed = args.seed;
  }
  apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.randomUniform(shape, this.minval, this.maxval, dtype, this.seed);
  }
  override getConfig() {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed };
  }
}
