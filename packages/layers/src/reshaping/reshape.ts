import * as tf from '@strata/core';
import { formatShapeCode, InvalidArgumentError, type Shape, ShapeMismatchError } from '@strata/core';
import { oneInput } from '../core/layer-args.js';
import { type CallArgs, Layer, type LayerArgs } from '../layer.js';
import { registerLayer } from '../serialization.js';

export interface ReshapeArgs extends LayerArgs {
  /** Shape of each sample, batch axis excluded. One entry may be -1 (or null): it takes the remaining size. */
  targetShape: (number | null)[];
}

/**
 * Reshapes each sample to `targetShape`; the batch axis stays.
 * @example new Reshape({ targetShape: [28, 28, 1] }).apply(tf.zeros([32, 784])).shape; // [32, 28, 28, 1]
 */
export class Reshape extends Layer {
  static override readonly className = 'Reshape';
  /** As tfjs-layers stores it: the free entry as `null`. */
  readonly targetShape: (number | null)[];

  constructor(args: ReshapeArgs) {
    super(args);
    const target = args?.targetShape;
    if (
      !Array.isArray(target) ||
      target.some((d) => d !== null && d !== -1 && !(Number.isInteger(d) && d >= 0))
    ) {
      throw new InvalidArgumentError(
        `${this.describe()}: targetShape must be an array of sizes (one of them may be -1), got ${JSON.stringify(target)}.`,
      );
    }
    this.targetShape = target.map((d) => (d === -1 ? null : d));
    if (this.targetShape.filter((d) => d === null).length > 1) {
      throw new InvalidArgumentError(
        `${this.describe()}: targetShape ${JSON.stringify(target)} has more than one free (-1) entry; ` +
          'only one size can be inferred. Give the others explicitly.',
      );
    }
    this.inputSpec = { minNdim: 1 };
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor {
    const x = oneInput(this, inputs);
    return tf.reshape(x, [x.shape[0]!, ...(this.resolve(x.shape) as number[])]);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0] ?? null, ...this.resolve(inputShape)];
  }

  // The target shape for a sample of this input shape, the free entry filled in; throws if sizes do not fit.
  private resolve(inputShape: Shape): (number | null)[] {
    const rest = inputShape.slice(1);
    if (rest.some((d) => d === null)) return [...this.targetShape];
    const size = rest.reduce<number>((a, b) => a * (b as number), 1);
    const known = this.targetShape.reduce<number>((a, b) => a * (b ?? 1), 1);
    const free = this.targetShape.indexOf(null);
    const fits = free >= 0 ? known > 0 && size % known === 0 : size === known;
    if (!fits) {
      const shown = formatShapeCode(this.targetShape.map((d) => d ?? -1));
      throw new ShapeMismatchError(
        this.describe(),
        free >= 0
          ? `samples whose size is a multiple of ${known} (targetShape ${shown})`
          : `samples of ${known} values (targetShape ${shown})`,
        inputShape,
        `Each sample has ${size} values${free >= 0 ? `, not divisible by ${known}` : ''}: choose a targetShape with ${size} values in total` +
          `${free >= 0 ? '' : ', or put -1 for the size to infer'}.`,
      );
    }
    return this.targetShape.map((d) => d ?? size / known);
  }

  override getConfig() {
    return { ...super.getConfig(), targetShape: [...this.targetShape] };
  }
}

registerLayer(Reshape);
