import * as tf from '@strata/core';
import { registerLayer } from '../serialization.js';
import { Merge } from './merge.js';

/**
 * Element-wise mean of its inputs.
 * @example new Average().apply([a, b]); // (a + b) / 2
 */
export class Average extends Merge {
  static override readonly className = 'Average';

  protected override mergeFunction(inputs: tf.Tensor[]): tf.Tensor {
    return tf.div(
      inputs.slice(1).reduce((acc, x) => tf.add(acc, x), inputs[0]!),
      inputs.length,
    );
  }
}

registerLayer(Average);
