import * as tf from '@strata/core';
import { formatShapeCode, type Shape, ShapeMismatchError } from '@strata/core';
import { normalizeAxis } from '../core/layer-args.js';
import type { CallArgs, LayerArgs } from '../layer.js';
import { registerLayer } from '../serialization.js';
import { Merge } from './merge.js';

export interface ConcatenateArgs extends LayerArgs {
  /** Axis to join along. Default: -1 (features). */
  axis?: number;
}

/**
 * Joins its inputs along `axis`; they must have the same rank and agree on every other axis.
 * @example new Concatenate().apply([tf.zeros([8, 3]), tf.zeros([8, 5])]).shape; // [8, 8]
 */
export class Concatenate extends Merge {
  static override readonly className = 'Concatenate';
  readonly axis: number;

  constructor(args: ConcatenateArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
  }

  protected override mergeFunction(inputs: tf.Tensor[]): tf.Tensor {
    return tf.concat(inputs, this.axis);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor {
    this.mergedShape(Array.isArray(inputs) ? inputs.map((t) => [...t.shape]) : [...inputs.shape]);
    const list = Array.isArray(inputs) ? inputs : [inputs];
    return this.mergeFunction(list);
  }

  protected override mergedShape(inputShape: Shape | Shape[]): Shape {
    const shapes = this.shapeList(inputShape);
    const rank = shapes[0]!.length;
    const axis = normalizeAxis(this, this.axis, rank);
    const out: Shape = [...shapes[0]!];
    for (const [i, s] of shapes.entries()) {
      const mismatch =
        s.length !== rank
          ? -1
          : s.findIndex((d, a) => a !== axis && d !== null && out[a] !== null && d !== out[a]);
      if (mismatch !== -1 || s.length !== rank) {
        throw new ShapeMismatchError(
          this.describe(),
          `input ${i} to match input 0 ${formatShapeCode(shapes[0]!)} on every axis but the concatenation axis ${axis}`,
          s,
          `Input shapes: ${shapes.map(formatShapeCode).join(', ')}. ` +
            (s.length !== rank
              ? 'Give them the same rank (tf.expandDims or a Reshape layer).'
              : `They differ on axis ${mismatch}: reshape them, or concatenate along that axis (axis: ${mismatch}).`),
        );
      }
      if (i === 0) continue;
      out[axis] = out[axis] === null || s[axis] === null ? null : (out[axis] as number) + (s[axis] as number);
      for (let a = 0; a < rank; a++) if (a !== axis && out[a] === null) out[a] = s[a] ?? null;
    }
    return out;
  }

  override getConfig() {
    return { ...super.getConfig(), axis: this.axis };
  }
}

registerLayer(Concatenate);
