import * as tf from '@strata/core';
import { formatShapeCode, InvalidArgumentError, type Shape, ShapeMismatchError } from '@strata/core';
import { type CallArgs, Layer } from '../layer.js';

/**
 * Base of the element-wise merge layers (Add, Multiply, ...): takes an array of at least `minInputs` tensors whose
 * shapes agree on every axis but the batch, where a size 1 broadcasts (as Keras). A lower-rank input gets axes of
 * size 1 inserted after the batch axis.
 */
export abstract class Merge extends Layer {
  static override readonly className: string = 'Merge';
  protected readonly minInputs: number = 2;
  protected readonly maxInputs: number = Number.POSITIVE_INFINITY;

  /** Combines inputs already expanded to the same rank. */
  protected abstract mergeFunction(inputs: tf.Tensor[]): tf.Tensor;

  // No build: there are no weights, and the shapes are checked in call() where the batch sizes are known (a
  // build-time check would see them as null and report less).

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallArgs): tf.Tensor {
    this.mergedShape(Array.isArray(inputs) ? inputs.map((t) => [...t.shape]) : [...inputs.shape]);
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const rank = Math.max(...list.map((t) => t.rank));
    const expanded = list.map((t) => {
      let x = t;
      while (x.rank < rank) x = tf.expandDims(x, 1);
      return x;
    });
    return this.mergeFunction(expanded);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return this.mergedShape(inputShape);
  }

  /** Validates the input shapes and returns the output shape (`null` where unknown). */
  protected mergedShape(inputShape: Shape | Shape[]): Shape {
    const shapes = this.shapeList(inputShape);
    const batches = [...new Set(shapes.map((s) => s[0]).filter((d) => d !== null && d !== undefined))];
    if (batches.length > 1) {
      throw new ShapeMismatchError(
        this.describe(),
        `inputs with one batch size (input 0 has ${shapes[0]![0]})`,
        shapes.find((s) => s[0] !== shapes[0]![0] && s[0] !== null)!,
        `Merge tensors of the same batch: all shapes are ${shapes.map(formatShapeCode).join(', ')}.`,
      );
    }
    const rank = Math.max(...shapes.map((s) => s.length));
    const aligned = shapes.map((s) => [...Array(rank - s.length).fill(1), ...s.slice(1)] as Shape);
    const out: Shape = [batches[0] ?? null];
    for (let axis = 0; axis < rank - 1; axis++) {
      let size: number | null = 1;
      for (const [i, s] of aligned.entries()) {
        const d = s[axis] ?? null;
        if (d === null) size = size === 1 ? null : size;
        else if (d !== 1) {
          if (size !== null && size !== 1 && size !== d) {
            throw new ShapeMismatchError(
              this.describe(),
              `input ${i} to match the others on every axis but the batch (or be 1 there to broadcast)`,
              shapes[i]!,
              `Input shapes: ${shapes.map(formatShapeCode).join(', ')} differ on axis ${axis + 1} (${size} vs ${d}). ` +
                'Project them to one size first (e.g. a Dense layer), or use Concatenate to join different sizes.',
            );
          }
          size = d;
        }
      }
      out.push(size);
    }
    return out;
  }

  protected shapeList(inputShape: Shape | Shape[]): Shape[] {
    const isList = inputShape.length > 0 && Array.isArray(inputShape[0]);
    const count = isList ? inputShape.length : 1;
    if (!isList || count < this.minInputs || count > this.maxInputs) {
      const want =
        this.minInputs === this.maxInputs ? `exactly ${this.minInputs}` : `at least ${this.minInputs}`;
      throw new InvalidArgumentError(
        `${this.describe()} takes an array of ${want} tensors, got ${isList ? `${count}` : `one tensor of shape ${formatShapeCode(inputShape as Shape)}`}. ` +
          `Call it as layer.apply([a, b]).`,
      );
    }
    return inputShape as Shape[];
  }
}
