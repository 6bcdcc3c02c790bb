import * as tf from '@strata/core';
import { registerLayer } from '../serialization.js';
import { Merge } from './merge.js';

/**
 * Element-wise difference of exactly two inputs: `a - b`.
 * @example new Subtract().apply([a, b]); // a - b
 */
export class Subtract extends Merge {
  static override readonly className = 'Subtract';
  protected override readonly minInputs = 2;
  protected override readonly maxInputs = 2;

  protected override mergeFunction(inputs: tf.Tensor[]): tf.Tensor {
    return tf.sub(inputs[0]!, inputs[1]!);
  }
}

registerLayer(Subtract);
