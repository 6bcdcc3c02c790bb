// Small layers for the model tests: they do not depend on the built-in layers, which are written concurrently.

import type { Shape } from '@strata/core';
import * as tf from '@strata/core';
import { type CallArgs, Layer, type LayerArgs, registerLayer } from '@strata/layers';

export interface ToyDenseArgs extends LayerArgs {
  units: number;
  activation?: 'linear' | 'relu' | 'softmax';
  kernelRegularizer?: 'l2';
}

/** `activation(x · kernel + bias)` on the last axis. */
export class ToyDense extends Layer {
  static override readonly className = 'ToyDense';
  readonly units: number;
  readonly activation: 'linear' | 'relu' | 'softmax';
  readonly kernelRegularizer?: 'l2';
  kernel!: tf.Variable;
  bias!: tf.Variable;
  builds = 0;

  constructor(args: ToyDenseArgs) {
    super(args);
    this.units = args.units;
    this.activation = args.activation ?? 'linear';
    if (args.kernelRegularizer) this.kernelRegularizer = args.kernelRegularizer;
  }

  override build(inputShape: Shape): void {
    this.builds++;
    const inputDim = inputShape.at(-1)!;
    this.kernel = this.addWeight('kernel', [inputDim, this.units], {
      initializer: 'glorotUniform',
      ...(this.kernelRegularizer && { regularizer: 'l2' as const }),
    });
    this.bias = this.addWeight('bias', [this.units], { initializer: 'zeros' });
    this.inputSpec = { minNdim: 2, axes: { [-1]: inputDim } };
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const y = tf.add(tf.matMul(x as tf.Tensor2D, this.kernel as tf.Tensor2D), this.bias);
    if (this.activation === 'relu') return tf.relu(y);
    if (this.activation === 'softmax') return tf.softmax(y);
    return y;
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape.slice(0, -1), this.units];
  }

  override getConfig() {
    return { ...super.getConfig(), units: this.units, activation: this.activation };
  }
}
registerLayer(ToyDense);

/** `[batch, ...] → [batch, product]`. */
export class ToyFlatten extends Layer {
  static override readonly className = 'ToyFlatten';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.reshape(x, [x.shape[0]!, -1]);
  }
  override computeOutputShape(inputShape: Shape): Shape {
    const rest = inputShape.slice(1);
    return [
      inputShape[0] ?? null,
      rest.every((d) => d !== null) ? rest.reduce<number>((a, b) => a * (b as number), 1) : null,
    ];
  }
}
registerLayer(ToyFlatten);

/** Records the `training` value of each call; multiplies by 2 when training (so the mode is visible in values). */
export class TrainingProbe extends Layer {
  static override readonly className = 'TrainingProbe';
  seen: (boolean | undefined)[] = [];
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: CallArgs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    this.seen.push(kwargs.training);
    return kwargs.training ? tf.mul(x, 2) : tf.clone(x);
  }
}
registerLayer(TrainingProbe);

/** Adds its inputs (for multi-input graphs). */
export class ToyAdd extends Layer {
  static override readonly className = 'ToyAdd';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    return list.slice(1).reduce((a, b) => tf.add(a, b), list[0]!);
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return Array.isArray(inputShape[0]) ? [...(inputShape[0] as Shape)] : [...(inputShape as Shape)];
  }
}
registerLayer(ToyAdd);

/** Concatenates its inputs on the last axis. */
export class ToyConcat extends Layer {
  static override readonly className = 'ToyConcat';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.concat(Array.isArray(inputs) ? inputs : [inputs], -1);
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const list = inputShape as Shape[];
    const last = list.reduce<number | null>(
      (sum, s) => (sum === null || s.at(-1) === null ? null : sum + (s.at(-1) as number)),
      0,
    );
    return [...list[0]!.slice(0, -1), last];
  }
}
registerLayer(ToyConcat);

/** Splits the last axis in two halves: two outputs. */
export class ToySplit extends Layer {
  static override readonly className = 'ToySplit';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.split(x, 2, -1);
  }
  override computeOutputShape(inputShape: Shape): Shape[] {
    const half = inputShape.at(-1) === null ? null : (inputShape.at(-1) as number) / 2;
    return [
      [...inputShape.slice(0, -1), half],
      [...inputShape.slice(0, -1), half],
    ];
  }
}
registerLayer(ToySplit);
