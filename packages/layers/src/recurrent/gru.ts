import * as tf from '@strata/core';
import {
  type ActivationFn,
  type ActivationIdentifier,
  getActivation,
  serializeActivation,
} from '../activations/index.js';
import type { LayerArgs } from '../layer.js';
import { registerLayer } from '../serialization.js';
import { Recurrent, type RecurrentArgs } from './recurrent.js';

export interface GRUArgs extends RecurrentArgs {
  /** For the update and reset gates. Default: `'sigmoid'` (Keras 3; tfjs-layers defaults to hardSigmoid). */
  recurrentActivation?: ActivationIdentifier;
  /**
   * Apply the reset gate after the recurrent product (`r · (h · U_h + b_rh)`, cuDNN-compatible, bias `[2, 3 · units]`)
   * rather than before (`(r · h) · U_h`, bias `[3 · units]`). Default: `true` (Keras 3 / TF2). tfjs-layers only
   * implements `false`: a model with `resetAfter: true` does not load there.
   */
  resetAfter?: boolean;
}

/**
 * Gated recurrent unit (Cho et al. 2014). Gates z (update), r (reset), h (candidate), in that order:
 * `z = σ(x·W_z + h·U_z + b_z)`, `r = σ(x·W_r + h·U_r + b_r)`, `ĥ = tanh(x·W_h + r ⊙ (h·U_h + b'_h))` (resetAfter) or
 * `tanh(x·W_h + (r ⊙ h)·U_h + b_h)`, and `h_t = z ⊙ h_{t-1} + (1 - z) ⊙ ĥ`.
 * @example new GRU({ units: 16 }).apply(tf.zeros([2, 10, 8])).shape; // [2, 16]
 */
export class GRU extends Recurrent {
  static override readonly className = 'GRU';
  readonly recurrentActivation: ActivationIdentifier;
  readonly resetAfter: boolean;
  protected readonly gateCount = 3;
  protected readonly stateCount = 1;
  private readonly recurrentActivationFn: ActivationFn;

  constructor(args: GRUArgs) {
    super(args);
    this.recurrentActivation = args.recurrentActivation ?? 'sigmoid';
    this.recurrentActivationFn = getActivation(this.recurrentActivation);
    this.resetAfter = args.resetAfter ?? true;
  }

  protected override biasSpec() {
    // resetAfter: row 0 is added to the input projection, row 1 to the recurrent one (Keras's layout).
    return {
      shape: this.resetAfter ? [2, 3 * this.units] : [3 * this.units],
      initializer: this.biasInitializer,
    };
  }

  protected override inputBias(): tf.Tensor | undefined {
    if (!this.bias || !this.resetAfter) return this.bias;
    return tf.squeeze(tf.slice(this.bias, [0, 0], [1, -1]), [0]);
  }

  protected step(projected: tf.Tensor, [h]: tf.Tensor[], recurrentMask: tf.Tensor | undefined): tf.Tensor[] {
    const previous = recurrentMask ? tf.mul(h!, recurrentMask) : h!;
    const units = this.units;
    const [xz, xr, xh] = tf.split(projected, 3, -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const gate = this.recurrentActivationFn;
    let candidate: tf.Tensor;
    if (this.resetAfter) {
      let inner = tf.matMul(previous, this.recurrentKernel);
      if (this.bias) inner = tf.add(inner, tf.squeeze(tf.slice(this.bias, [1, 0], [1, -1]), [0]));
      const [hz, hr, hh] = tf.split(inner, 3, -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
      const z = gate(tf.add(xz, hz));
      const r = gate(tf.add(xr, hr));
      candidate = this.activationFn(tf.add(xh, tf.mul(r, hh)));
      return [tf.add(tf.mul(z, h!), tf.mul(tf.sub(1, z), candidate))];
    }
    const [gatesKernel, candidateKernel] = tf.split(this.recurrentKernel, [2 * units, units], -1) as [
      tf.Tensor,
      tf.Tensor,
    ];
    const [hz, hr] = tf.split(tf.matMul(previous, gatesKernel), 2, -1) as [tf.Tensor, tf.Tensor];
    const z = gate(tf.add(xz, hz));
    const r = gate(tf.add(xr, hr));
    candidate = this.activationFn(tf.add(xh, tf.matMul(tf.mul(r, previous), candidateKernel)));
    return [tf.add(tf.mul(z, h!), tf.mul(tf.sub(1, z), candidate))];
  }

  override getConfig(): LayerArgs & Record<string, unknown> {
    return {
      ...super.getConfig(),
      recurrentActivation: serializeActivation(this.recurrentActivation),
      resetAfter: this.resetAfter,
      implementation: 2,
    };
  }
}

registerLayer(GRU);
