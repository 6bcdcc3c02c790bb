import type { Shape } from '@strata/core';
import * as tf from '@strata/core';
import {
  type ActivationIdentifier,
  getActivation,
  serializeActivation,
} from '../activations/get-activation.js';
import { type CallArgs, Layer, type LayerArgs } from '../layer.js';
import { registerLayer } from '../serialization.js';
import { oneInput } from './layer-args.js';

export interface ActivationArgs extends LayerArgs {
  /** A name (`'relu'`, `'leaky_relu'`, see `ActivationName`) or a function. */
  activation: ActivationIdentifier;
}

/**
 * Applies an activation function to its input.
 * @example new Activation({ activation: 'relu' }).apply(tf.tensor1d([-1, 2])); // [0, 2]
 */
export class Activation extends Layer {
  static override readonly className = 'Activation';
  readonly activation: ActivationIdentifier;
  private readonly activationFn: (x: tf.Tensor) => tf.Tensor;

  constructor(args: ActivationArgs) {
    super(args);
    this.activation = args?.activation ?? 'linear';
    this.activationFn = getActivation(this.activation);
    // Element-wise: any input shape, also after the first call.
    this.inputSpec = {};
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor {
    const x = oneInput(this, inputs);
    const y = this.activationFn(x);
    // 'linear' returns its input; a new handle (same data, no copy) keeps output and input separately disposable.
    return y === x ? tf.clone(x) : y;
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig() {
    return { ...super.getConfig(), activation: serializeActivation(this.activation) };
  }
}

registerLayer(Activation);
