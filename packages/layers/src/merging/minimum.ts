import * as tf from '@strata/core';
import { registerLayer } from '../serialization.js';
import { Merge } from './merge.js';

/**
 * Element-wise minimum of its inputs.
 * @example new Minimum().apply([a, b]); // min(a, b)
 */
export class Minimum extends Merge {
  static override readonly className = 'Minimum';

  protected override mergeFunction(inputs: tf.Tensor[]): tf.Tensor {
    return inputs.slice(1).reduce((acc, x) => tf.minimum(acc, x), inputs[0]!);
  }
}

registerLayer(Minimum);
