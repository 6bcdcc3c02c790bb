import * as tf from '@strata/core';
import { InvalidArgumentError, type Shape } from '@strata/core';
import { type CallArgs, Layer, type LayerArgs } from '../layer.js';
import { registerLayer } from '../serialization.js';
import { oneInput, requireNumberIn } from './layer-args.js';

export interface DropoutArgs extends LayerArgs {
  /** Fraction of the input units to drop, in [0, 1). */
  rate: number;
  /**
   * Shape of the keep/drop mask, broadcast over the input; `null` entries take the input's size. E.g.
   * `[null, 1, null]` drops the same features at every time step. Default: the input's shape.
   */
  noiseShape?: (number | null)[] | null;
  /** Makes the masks reproducible: call n uses seed + n, so masks still differ between steps. */
  seed?: number | null;
}

/**
 * Sets a random `rate` fraction of its inputs to 0 during training and scales the rest by `1 / (1 - rate)`, so
 * the expected sum is unchanged. Outside training (the default, and in `predict`/`evaluate`) it passes the input
 * through.
 * @example new Dropout({ rate: 0.5 }).apply(x, { training: true });
 */
export class Dropout extends Layer {
  static override readonly className: string = 'Dropout';
  readonly rate: number;
  readonly noiseShape: (number | null)[] | null;
  readonly seed: number | null;
  private calls = 0;

  constructor(args: DropoutArgs) {
    super(args);
    this.rate = requireNumberIn(this, 'rate', args?.rate, 0, 1, { max: true });
    this.noiseShape = args.noiseShape ? [...args.noiseShape] : null;
    this.seed = args.seed ?? null;
    this.inputSpec = {};
  }

  /** The mask shape for an input of this shape (`null` entries filled from the input). */
  protected getNoiseShape(x: tf.Tensor): number[] | undefined {
    if (!this.noiseShape) return undefined;
    if (this.noiseShape.length !== x.rank) {
      throw new InvalidArgumentError(
        `${this.describe()}: noiseShape ${JSON.stringify(this.noiseShape)} has rank ${this.noiseShape.length}, ` +
          `but the input has shape ${JSON.stringify(x.shape)}. Give one entry per input axis (null = the input's size).`,
      );
    }
    return this.noiseShape.map((d, i) => d ?? x.shape[i]!);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: CallArgs): tf.Tensor {
    const x = oneInput(this, inputs);
    if (!kwargs.training || this.rate === 0) return tf.clone(x);
    // Same op as tfjs-layers (tf.dropout), so a given seed gives the same mask there.
    const seed = this.seed === null ? undefined : this.seed + this.calls++;
    return tf.dropout(x, this.rate, this.getNoiseShape(x), seed);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig() {
    return { ...super.getConfig(), rate: this.rate, noiseShape: this.noiseShape, seed: this.seed };
  }
}

registerLayer(Dropout);
