import type { Shape } from '@strata/core';
import * as tf from '@strata/core';
import { oneInput, requireNumberIn } from '../core/layer-args.js';
import { type CallArgs, Layer, type LayerArgs } from '../layer.js';
import { registerLayer } from '../serialization.js';

export interface LeakyReLUArgs extends LayerArgs {
  /** Slope below zero. Default: 0.3 (the Keras layer; `activations.leakyRelu` defaults to 0.2). */
  negativeSlope?: number;
  /** tfjs-layers's and Keras 2's name for `negativeSlope`. */
  alpha?: number;
}

/**
 * Leaky rectified linear unit: `x` for `x > 0`, else `negativeSlope · x`.
 * @example new LeakyReLU().apply(tf.tensor1d([-1, 2])); // [-0.3, 2]
 */
export class LeakyReLU extends Layer {
  static override readonly className = 'LeakyReLU';
  readonly negativeSlope: number;

  constructor(args: LeakyReLUArgs = {}) {
    super(args);
    this.negativeSlope = requireNumberIn(
      this,
      'negativeSlope',
      args.negativeSlope ?? args.alpha ?? 0.3,
      0,
      Number.MAX_VALUE,
    );
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor {
    return tf.leakyRelu(oneInput(this, inputs), this.negativeSlope);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  // Saved as `alpha`, the key tfjs-layers reads (it would ignore `negativeSlope` and fall back to 0.3).
  override getConfig() {
    return { ...super.getConfig(), alpha: this.negativeSlope };
  }
}

registerLayer(LeakyReLU);
