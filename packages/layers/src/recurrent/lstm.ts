import * as tf from '@strata/core';
import {
  type ActivationFn,
  type ActivationIdentifier,
  getActivation,
  serializeActivation,
} from '../activations/index.js';
import { Initializer } from '../initializers/index.js';
import type { LayerArgs } from '../layer.js';
import { registerLayer } from '../serialization.js';
import { Recurrent, type RecurrentArgs } from './recurrent.js';

export interface LSTMArgs extends RecurrentArgs {
  /** For the input, forget and output gates. Default: `'sigmoid'` (Keras 3; tfjs-layers defaults to hardSigmoid). */
  recurrentActivation?: ActivationIdentifier;
  /** Start the forget gate's bias at 1 (Jozefowicz et al. 2015), so the cell remembers early in training. Default: `true`. */
  unitForgetBias?: boolean;
}

/**
 * Long short-term memory (Hochreiter & Schmidhuber 1997). With `z = x_t · kernel + h_{t-1} · recurrent_kernel +
 * bias` split into gates i, f, ĉ, o (that order, as Keras and tfjs-layers):
 * `c_t = σ(f) · c_{t-1} + σ(i) · tanh(ĉ)`, `h_t = σ(o) · tanh(c_t)` (σ = recurrentActivation, tanh = activation).
 * States `[h, c]`; output h.
 * @example new LSTM({ units: 16, returnSequences: true }).apply(tf.zeros([2, 10, 8])).shape; // [2, 10, 16]
 */
export class LSTM extends Recurrent {
  static override readonly className = 'LSTM';
  readonly recurrentActivation: ActivationIdentifier;
  readonly unitForgetBias: boolean;
  protected readonly gateCount = 4;
  protected readonly stateCount = 2;
  private readonly recurrentActivationFn: ActivationFn;

  constructor(args: LSTMArgs) {
    super(args);
    this.recurrentActivation = args.recurrentActivation ?? 'sigmoid';
    this.recurrentActivationFn = getActivation(this.recurrentActivation);
    this.unitForgetBias = args.unitForgetBias ?? true;
  }

  protected override biasSpec() {
    if (!this.unitForgetBias) return super.biasSpec();
    return { shape: [4 * this.units], initializer: new UnitForgetBias(this.biasInitializer, this.units) };
  }

  protected step(
    projected: tf.Tensor,
    [h, c]: tf.Tensor[],
    recurrentMask: tf.Tensor | undefined,
  ): tf.Tensor[] {
    const previous = recurrentMask ? tf.mul(h!, recurrentMask) : h!;
    const z = tf.add(projected, tf.matMul(previous, this.recurrentKernel));
    const [i, f, candidate, o] = tf.split(z, 4, -1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const gate = this.recurrentActivationFn;
    const cell = tf.add(tf.mul(gate(f), c!), tf.mul(gate(i), this.activationFn(candidate)));
    return [tf.mul(gate(o), this.activationFn(cell)), cell];
  }

  override getConfig(): LayerArgs & Record<string, unknown> {
    return {
      ...super.getConfig(),
      recurrentActivation: serializeActivation(this.recurrentActivation),
      unitForgetBias: this.unitForgetBias,
      implementation: 2,
    };
  }
}

/** Keras's unit_forget_bias: the bias initializer for the i, ĉ, o blocks and ones for the forget block. */
class UnitForgetBias extends Initializer {
  static override readonly className = 'UnitForgetBias';
  constructor(
    private readonly base: Initializer,
    private readonly units: number,
  ) {
    super();
  }
  apply(shape: number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.tidy(() =>
      tf
        .concat([
          this.base.apply([this.units], dtype),
          tf.ones([this.units], dtype),
          this.base.apply([2 * this.units], dtype),
        ])
        .reshape(shape),
    );
  }
}

registerLayer(LSTM);
