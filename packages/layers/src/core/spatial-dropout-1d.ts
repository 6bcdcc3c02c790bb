import type * as tf from '@strata/core';
import { registerLayer } from '../serialization.js';
import { Dropout, type DropoutArgs } from './dropout.js';

export type SpatialDropout1DArgs = Omit<DropoutArgs, 'noiseShape'>;

/**
 * Dropout of whole feature maps of sequences `[batch, steps, channels]`: a dropped channel is 0 at every step.
 * Better than Dropout when neighbouring steps are strongly correlated (early Conv1D layers).
 */
export class SpatialDropout1D extends Dropout {
  static override readonly className: string = 'SpatialDropout1D';

  constructor(args: SpatialDropout1DArgs) {
    super({ ...args, noiseShape: null });
    this.inputSpec = { ndim: 3 };
  }

  protected override getNoiseShape(x: tf.Tensor): number[] {
    return [x.shape[0]!, 1, x.shape[2]!];
  }
}

registerLayer(SpatialDropout1D);
