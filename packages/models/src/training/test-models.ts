// Test-only models: small subclasses of TrainingModel (Model extends TrainingModel; these keep the training tests
// independent of it). Not exported from the package.
import * as tf from '@strata/core';
import { type CallArgs, Dense, type DenseArgs, Layer } from '@strata/layers';
import { TrainingModel } from './training-model.js';

/** Applies its layers in order. */
export class Stack extends TrainingModel {
  static override readonly className = 'Stack';
  readonly stack: Layer[];
  /** Paths given to saveWeights (ModelCheckpoint calls it). */
  readonly saved: string[] = [];

  constructor(layers: Layer[], name?: string) {
    super(name === undefined ? {} : { name });
    this.stack = layers;
  }

  override call(x: tf.Tensor | tf.Tensor[], kwargs: CallArgs): tf.Tensor {
    let h = x as tf.Tensor;
    for (const layer of this.stack) h = layer.apply(h, kwargs);
    return h;
  }

  async saveWeights(path: string): Promise<void> {
    this.saved.push(path);
  }
}

/** `x · kernel` with one unit, no bias, kernel starting at `initial`: easy to train by hand. */
export function linear(initial = 0, args: Partial<DenseArgs> = {}): Stack {
  return new Stack([
    new Dense({
      units: 1,
      useBias: false,
      kernelInitializer: { className: 'Constant', config: { value: initial } },
      ...args,
    }),
  ]);
}

/** Records the `training` flag of every call, and passes its input through. */
export class TrainingRecorder extends Layer {
  static override readonly className = 'TrainingRecorder';
  readonly seen: Array<boolean | undefined> = [];
  override call(x: tf.Tensor | tf.Tensor[], kwargs: CallArgs): tf.Tensor {
    this.seen.push(kwargs.training);
    return tf.clone(x as tf.Tensor);
  }
}

/** Two inputs (`[n, 3]`, `[n, 2]`), two outputs: `reg` (`[n, 1]`, linear) and `cls` (`[n, 3]`, softmax). */
export class TwoInTwoOut extends TrainingModel {
  static override readonly className = 'TwoInTwoOut';
  readonly outputNames = ['reg', 'cls'];
  left = new Dense({ units: 4, activation: 'tanh' });
  right = new Dense({ units: 4, activation: 'tanh' });
  reg = new Dense({ units: 1 });
  cls = new Dense({ units: 3, activation: 'softmax' });

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    const [a, b] = inputs as tf.Tensor[];
    const h = tf.concat([this.left.apply(a!), this.right.apply(b!)], -1);
    return [this.reg.apply(h), this.cls.apply(h)];
  }
}

/** Deterministic features and labels: `n` samples of `features` values, labels in [0, classes). */
export function toyData(
  n: number,
  features: number,
  classes: number,
  seed = 1,
): { x: tf.Tensor2D; y: tf.Tensor1D } {
  return tf.tidy(() => {
    const x = tf.randomNormal([n, features], 0, 1, 'float32', seed) as tf.Tensor2D;
    // A learnable rule: the class is the index of the largest of the first `classes` features.
    const y = tf.argMax(tf.slice(x, [0, 0], [n, classes]), -1) as tf.Tensor1D;
    return { x, y };
  });
}
