import * as tf from '@strata/core';
import { InvalidArgumentError, type Shape } from '@strata/core';
import { oneInput } from '../core/layer-args.js';
import { type CallArgs, Layer, type LayerArgs } from '../layer.js';
import { registerLayer } from '../serialization.js';

export interface PermuteArgs extends LayerArgs {
  /** A permutation of `1 … rank - 1` (1-based, as Keras: the batch axis 0 never moves). */
  dims: number[];
}

/**
 * Reorders the non-batch axes: `dims: [2, 1]` swaps the two axes of `[batch, steps, features]`.
 * @example new Permute({ dims: [2, 1] }).apply(tf.zeros([8, 10, 64])).shape; // [8, 64, 10]
 */
export class Permute extends Layer {
  static override readonly className = 'Permute';
  readonly dims: number[];

  constructor(args: PermuteArgs) {
    super(args);
    const dims = args?.dims;
    const sorted = Array.isArray(dims) ? [...dims].sort((a, b) => a - b) : [];
    if (!Array.isArray(dims) || dims.length === 0 || !sorted.every((d, i) => d === i + 1)) {
      throw new InvalidArgumentError(
        `${this.describe()}: dims must be a permutation of 1 to ${Array.isArray(dims) && dims.length ? dims.length : 'n'} ` +
          `(1-based; the batch axis 0 is not included), got ${JSON.stringify(dims)}. ` +
          'E.g. [2, 1] swaps the two axes of [batch, steps, features].',
      );
    }
    this.dims = [...dims];
    this.inputSpec = { ndim: dims.length + 1 };
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor {
    return tf.transpose(oneInput(this, inputs), [0, ...this.dims]);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0] ?? null, ...this.dims.map((d) => inputShape[d] ?? null)];
  }

  override getConfig() {
    return { ...super.getConfig(), dims: [...this.dims] };
  }
}

registerLayer(Permute);
