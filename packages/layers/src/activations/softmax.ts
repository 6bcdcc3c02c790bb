import type { Shape } from '@strata/core';
import * as tf from '@strata/core';
import { normalizeAxis, oneInput } from '../core/layer-args.js';
import { type CallArgs, Layer, type LayerArgs } from '../layer.js';
import { registerLayer } from '../serialization.js';
import { softmax } from './functions.js';

export interface SoftmaxArgs extends LayerArgs {
  /** Axis (or axes) to normalize over. Default: -1. */
  axis?: number | number[];
}

/**
 * Softmax: `exp(x) / Σ exp(x)` along `axis`. A `mask` call argument (true/1 = keep) gives masked positions
 * probability ~0, as Keras does (it adds -1e9 to them).
 * @example new Softmax().apply(tf.tensor2d([[1, 1]])); // [[0.5, 0.5]]
 */
export class Softmax extends Layer {
  static override readonly className = 'Softmax';
  readonly axis: number | number[];

  constructor(args: SoftmaxArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: CallArgs): tf.Tensor {
    let x = oneInput(this, inputs);
    const mask = kwargs.mask;
    if (mask && !Array.isArray(mask)) x = tf.add(x, tf.mul(tf.sub(1, tf.cast(mask, x.dtype)), -1e9));
    const axes = (Array.isArray(this.axis) ? this.axis : [this.axis]).map((a) =>
      normalizeAxis(this, a, x.rank),
    );
    if (axes.length === 1) return softmax(x, axes[0]);
    return tf.exp(tf.sub(x, tf.logSumExp(x, axes, true)));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig() {
    return { ...super.getConfig(), axis: this.axis };
  }
}

registerLayer(Softmax);
