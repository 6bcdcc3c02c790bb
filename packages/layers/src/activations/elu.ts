import type * as tf from '@strata/core';
import type { Shape } from '@strata/core';
import { oneInput, requireNumberIn } from '../core/layer-args.js';
import { type CallArgs, Layer, type LayerArgs } from '../layer.js';
import { registerLayer } from '../serialization.js';
import { elu } from './functions.js';

export interface ELUArgs extends LayerArgs {
  /** Scale of the negative part. Default: 1. (tfjs-layers can only load 1.) */
  alpha?: number;
}

/**
 * Exponential linear unit: `x` for `x > 0`, else `alpha · (exp(x) - 1)`.
 * @example new ELU().apply(tf.tensor1d([-1, 2])); // [-0.632, 2]
 */
export class ELU extends Layer {
  static override readonly className = 'ELU';
  readonly alpha: number;

  constructor(args: ELUArgs = {}) {
    super(args);
    this.alpha = requireNumberIn(this, 'alpha', args.alpha ?? 1, 0, Number.MAX_VALUE);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor {
    return elu(oneInput(this, inputs), this.alpha);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig() {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}

registerLayer(ELU);
