import * as tf from '@strata/core';
import { registerLayer } from '../serialization.js';
import { Merge } from './merge.js';

/**
 * Element-wise maximum of its inputs.
 * @example new Maximum().apply([a, b]); // max(a, b)
 */
export class Maximum extends Merge {
  static override readonly className = 'Maximum';

  protected override mergeFunction(inputs: tf.Tensor[]): tf.Tensor {
    return inputs.slice(1).reduce((acc, x) => tf.maximum(acc, x), inputs[0]!);
  }
}

registerLayer(Maximum);
