import type * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import { registerLayer } from '../serialization.js';
import { Dropout, type DropoutArgs } from './dropout.js';

export interface SpatialDropout2DArgs extends Omit<DropoutArgs, 'noiseShape'> {
  /** Default: `'channelsLast'` (`[batch, height, width, channels]`). */
  dataFormat?: 'channelsLast' | 'channelsFirst';
}

/**
 * Dropout of whole feature maps of images: a dropped channel is 0 at every pixel. Better than Dropout when
 * neighbouring pixels are strongly correlated (early Conv2D layers).
 * @example new SpatialDropout2D({ rate: 0.2 }).apply(tf.ones([8, 32, 32, 16]), { training: true });
 */
export class SpatialDropout2D extends Dropout {
  static override readonly className: string = 'SpatialDropout2D';
  readonly dataFormat: 'channelsLast' | 'channelsFirst';

  constructor(args: SpatialDropout2DArgs) {
    super({ ...args, noiseShape: null });
    const format = args.dataFormat ?? 'channelsLast';
    if (format !== 'channelsLast' && format !== 'channelsFirst') {
      throw new InvalidArgumentError(
        `${this.describe()}: dataFormat must be 'channelsLast' or 'channelsFirst', got '${String(format)}'.`,
      );
    }
    this.dataFormat = format;
    this.inputSpec = { ndim: 4 };
  }

  protected override getNoiseShape(x: tf.Tensor): number[] {
    const [batch, a, , c] = x.shape as number[];
    return this.dataFormat === 'channelsLast' ? [batch!, 1, 1, c!] : [batch!, a!, 1, 1];
  }

  override getConfig() {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}

registerLayer(SpatialDropout2D);
