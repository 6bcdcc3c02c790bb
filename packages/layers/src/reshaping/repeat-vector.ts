import type { Shape } from '@strata/core';
import * as tf from '@strata/core';
import { oneInput, requirePositiveInt } from '../core/layer-args.js';
import { type CallArgs, Layer, type LayerArgs } from '../layer.js';
import { registerLayer } from '../serialization.js';

export interface RepeatVectorArgs extends LayerArgs {
  /** Number of repetitions. */
  n: number;
}

/**
 * Repeats each sample's vector `n` times: `[batch, features]` → `[batch, n, features]` (e.g. to feed an encoder's
 * summary to every step of a decoder).
 * @example new RepeatVector({ n: 3 }).apply(tf.zeros([8, 32])).shape; // [8, 3, 32]
 */
export class RepeatVector extends Layer {
  static override readonly className = 'RepeatVector';
  readonly n: number;

  constructor(args: RepeatVectorArgs) {
    super(args);
    this.n = requirePositiveInt(this, 'n', args?.n);
    this.inputSpec = { ndim: 2 };
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor {
    return tf.tile(tf.expandDims(oneInput(this, inputs), 1), [1, this.n, 1]);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0] ?? null, this.n, inputShape[1] ?? null];
  }

  override getConfig() {
    return { ...super.getConfig(), n: this.n };
  }
}

registerLayer(RepeatVector);
