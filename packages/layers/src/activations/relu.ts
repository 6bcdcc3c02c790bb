import type { Shape } from '@strata/core';
import * as tf from '@strata/core';
import { oneInput, requireNumberIn } from '../core/layer-args.js';
import { type CallArgs, Layer, type LayerArgs } from '../layer.js';
import { registerLayer } from '../serialization.js';

export interface ReLUArgs extends LayerArgs {
  /** Upper bound of the output. Default: `null` (none). */
  maxValue?: number | null;
  /** Slope below `threshold`. Default: 0. */
  negativeSlope?: number;
  /** Inputs above it pass through. Default: 0. */
  threshold?: number;
}

/**
 * Rectified linear unit: `min(x, maxValue)` for `x > threshold`, else `negativeSlope · (x - threshold)`.
 * @example new ReLU({ maxValue: 6 }).apply(tf.tensor1d([-1, 3, 9])); // [0, 3, 6]
 */
export class ReLU extends Layer {
  static override readonly className = 'ReLU';
  readonly maxValue: number | null;
  readonly negativeSlope: number;
  readonly threshold: number;

  constructor(args: ReLUArgs = {}) {
    super(args);
    this.maxValue = args.maxValue ?? null;
    if (this.maxValue !== null) requireNumberIn(this, 'maxValue', this.maxValue, 0, Number.MAX_VALUE);
    this.negativeSlope = requireNumberIn(this, 'negativeSlope', args.negativeSlope ?? 0, 0, Number.MAX_VALUE);
    this.threshold = requireNumberIn(
      this,
      'threshold',
      args.threshold ?? 0,
      -Number.MAX_VALUE,
      Number.MAX_VALUE,
    );
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor {
    const x = oneInput(this, inputs);
    // Same case split as keras.activations.relu, so the common cases use single tfjs kernels.
    if (this.negativeSlope === 0 && this.threshold === 0) {
      if (this.maxValue === null) return tf.relu(x);
      if (this.maxValue === 6) return tf.relu6(x);
      return tf.clipByValue(tf.relu(x), 0, this.maxValue);
    }
    if (this.maxValue === null && this.threshold === 0) return tf.leakyRelu(x, this.negativeSlope);
    let positive =
      this.threshold === 0 ? tf.relu(x) : tf.mul(x, tf.cast(tf.greater(x, this.threshold), x.dtype));
    if (this.maxValue !== null) positive = tf.minimum(positive, this.maxValue);
    if (this.negativeSlope === 0) return positive;
    return tf.sub(positive, tf.mul(this.negativeSlope, tf.relu(tf.sub(this.threshold, x))));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  // maxValue is tfjs-layers's key; it ignores the other two (the Keras 3 ones), so keep them at 0 for models
  // that must load there.
  override getConfig() {
    return {
      ...super.getConfig(),
      maxValue: this.maxValue,
      negativeSlope: this.negativeSlope,
      threshold: this.threshold,
    };
  }
}

registerLayer(ReLU);
