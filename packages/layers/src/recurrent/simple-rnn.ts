import * as tf from '@strata/core';
import { registerLayer } from '../serialization.js';
import { Recurrent, type RecurrentArgs } from './recurrent.js';

export type SimpleRNNArgs = RecurrentArgs;

/**
 * Fully connected recurrent layer: `h_t = activation(x_t · kernel + h_{t-1} · recurrent_kernel + bias)`, output h.
 * Input `[batch, timesteps, features]`; output `[batch, units]` (or `[batch, timesteps, units]` with
 * `returnSequences`).
 * @example new SimpleRNN({ units: 4 }).apply(tf.zeros([2, 10, 8])).shape; // [2, 4]
 */
export class SimpleRNN extends Recurrent {
  static override readonly className = 'SimpleRNN';
  protected readonly gateCount = 1;
  protected readonly stateCount = 1;

  constructor(args: SimpleRNNArgs) {
    super(args);
  }

  protected step(projected: tf.Tensor, [h]: tf.Tensor[], recurrentMask: tf.Tensor | undefined): tf.Tensor[] {
    const previous = recurrentMask ? tf.mul(h!, recurrentMask) : h!;
    return [this.activationFn(tf.add(projected, tf.matMul(previous, this.recurrentKernel)))];
  }
}

registerLayer(SimpleRNN);
