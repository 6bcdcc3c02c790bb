import * as tf from '@strata/core';
import { InvalidArgumentError, type Shape } from '@strata/core';
import { oneInput } from '../core/layer-args.js';
import { type CallArgs, Layer, type LayerArgs } from '../layer.js';
import { registerLayer } from '../serialization.js';

export interface FlattenArgs extends LayerArgs {
  /**
   * Layout of the input: `'channelsLast'` (default) flattens as is; `'channelsFirst'` moves the channel axis last
   * first, so a model converted between layouts gives the same feature order to the Dense after it.
   */
  dataFormat?: 'channelsLast' | 'channelsFirst';
}

/**
 * Flattens each sample to one axis: `[batch, d1, d2, ...]` → `[batch, d1 · d2 · ...]`. The batch axis stays.
 * @example new Flatten().apply(tf.zeros([32, 28, 28])).shape; // [32, 784]
 */
export class Flatten extends Layer {
  static override readonly className = 'Flatten';
  readonly dataFormat: 'channelsLast' | 'channelsFirst';

  constructor(args: FlattenArgs = {}) {
    super(args);
    const format = args.dataFormat ?? 'channelsLast';
    if (format !== 'channelsLast' && format !== 'channelsFirst') {
      throw new InvalidArgumentError(
        `${this.describe()}: dataFormat must be 'channelsLast' or 'channelsFirst', got '${String(format)}'.`,
      );
    }
    this.dataFormat = format;
    // Any sample shape: e.g. a model taking images of several sizes before a global pooling.
    this.inputSpec = { minNdim: 1 };
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor {
    let x = oneInput(this, inputs);
    if (this.dataFormat === 'channelsFirst' && x.rank > 2) {
      x = tf.transpose(x, [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2), 1]);
    }
    return tf.reshape(x, [x.shape[0]!, x.rank === 1 ? 1 : -1]);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    const rest = inputShape.slice(1);
    const size = rest.every((d) => d !== null) ? rest.reduce<number>((a, b) => a * (b as number), 1) : null;
    return [inputShape[0] ?? null, size];
  }

  override getConfig() {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}

registerLayer(Flatten);
