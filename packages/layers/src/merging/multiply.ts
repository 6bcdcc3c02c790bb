import * as tf from '@strata/core';
import { registerLayer } from '../serialization.js';
import { Merge } from './merge.js';

/**
 * Element-wise product of its inputs (e.g. gating).
 * @example new Multiply().apply([a, b]); // a · b
 */
export class Multiply extends Merge {
  static override readonly className = 'Multiply';

  protected override mergeFunction(inputs: tf.Tensor[]): tf.Tensor {
    return inputs.slice(1).reduce((acc, x) => tf.mul(acc, x), inputs[0]!);
  }
}

registerLayer(Multiply);
