import * as tf from '@strata/core';
import { InvalidArgumentError, type Shape } from '@strata/core';
import { type CallArgs, Layer, type LayerArgs } from '../layer.js';
import { registerLayer } from '../serialization.js';
import { oneInput } from './layer-args.js';

export interface RescalingArgs extends LayerArgs {
  /** Multiplier: a number, or one per channel (last axis). */
  scale: number | number[];
  /** Added after scaling. Default: 0. */
  offset?: number | number[];
}

/**
 * `x · scale + offset`, in float32 (integer inputs are cast). Typical: `scale: 1 / 255` maps pixels to [0, 1];
 * `scale: 1 / 127.5, offset: -1` to [-1, 1].
 * @example new Rescaling({ scale: 1 / 255 }).apply(tf.tensor1d([0, 255], 'int32')); // [0, 1]
 */
export class Rescaling extends Layer {
  static override readonly className = 'Rescaling';
  readonly scale: number | number[];
  readonly offset: number | number[];

  constructor(args: RescalingArgs) {
    super(args);
    this.scale = checkFactor(this, 'scale', args?.scale);
    this.offset = checkFactor(this, 'offset', args.offset ?? 0);
    this.inputSpec = {};
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor {
    const x = oneInput(this, inputs);
    return tf.add(tf.mul(x.dtype === 'float32' ? x : tf.cast(x, 'float32'), this.scale), this.offset);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig() {
    return { ...super.getConfig(), scale: this.scale, offset: this.offset };
  }
}

function checkFactor(layer: Layer, name: string, value: unknown): number | number[] {
  const ok = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (ok(value)) return value as number;
  if (Array.isArray(value) && value.length > 0 && value.every(ok)) return [...value];
  throw new InvalidArgumentError(
    `${layer.describe()}: ${name} must be a finite number or an array of them (one per channel), got ${JSON.stringify(value)}.`,
  );
}

registerLayer(Rescaling);
