import * as tf from '@strata/core';
import { registerLayer } from '../serialization.js';
import { Merge } from './merge.js';

/**
 * Element-wise sum of its inputs (residual connections).
 * @example new Add().apply([a, b]); // a + b
 */
export class Add extends Merge {
  static override readonly className = 'Add';

  protected override mergeFunction(inputs: tf.Tensor[]): tf.Tensor {
    return inputs.slice(1).reduce((acc, x) => tf.add(acc, x), inputs[0]!);
  }
}

registerLayer(Add);
