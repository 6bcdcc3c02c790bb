import type * as tf from '@strata/core';
import { formatShapeCode, InvalidArgumentError, type Shape, ShapeMismatchError } from '@strata/core';
import type { Constraint } from '../constraints/index.js';
import type { Initializer } from '../initializers/index.js';
import type { Layer } from '../layer.js';
import type { Regularizer } from '../regularizers/index.js';

// Argument checks and config helpers shared by the built-in layers. Each check names the layer, the argument
// and the value received, so the error is actionable where it is thrown (the constructor).

/** `value` if it is an integer >= 1, else an InvalidArgumentError naming the layer and argument. */
export function requirePositiveInt(layer: Layer, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(
      `${layer.describe()}: ${arg} must be a positive integer, got ${show(value)}.`,
    );
  }
  return value;
}

/** `value` if it is a finite number in `[min, max]` (ends open when `open` says so). */
export function requireNumberIn(
  layer: Layer,
  arg: string,
  value: unknown,
  min: number,
  max: number,
  open: { min?: boolean; max?: boolean } = {},
): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (open.min ? value > min : value >= min) &&
    (open.max ? value < max : value <= max);
  if (!ok) {
    const range = `${open.min ? '(' : '['}${min}, ${max}${open.max ? ')' : ']'}`;
    throw new InvalidArgumentError(
      `${layer.describe()}: ${arg} must be a number in ${range}, got ${show(value)}.`,
    );
  }
  return value as number;
}

/** The input's last axis, which must be known to create weights (`[null, 784]` is fine, `[null, null]` is not). */
export function knownLastAxis(layer: Layer, inputShape: Shape): number {
  const last = inputShape[inputShape.length - 1];
  if (inputShape.length === 0 || last === null || last === undefined) {
    throw new ShapeMismatchError(
      layer.describe(),
      'an input whose last axis is known',
      inputShape,
      `Its weights are sized by that axis: give the model an input shape such as ${formatShapeCode([null, 16])}.`,
    );
  }
  return last;
}

/** Resolves a possibly negative `axis` against `rank`, or throws naming the layer. */
export function normalizeAxis(layer: Layer, axis: number, rank: number, arg = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new InvalidArgumentError(
      `${layer.describe()}: ${arg} ${show(axis)} is out of range for an input of rank ${rank} ` +
        `(valid: ${-rank} to ${rank - 1}).`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** The single input of a one-input layer; an array of several is an error naming the layer. */
export function oneInput(layer: Layer, inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  if (!Array.isArray(inputs)) return inputs;
  if (inputs.length === 1) return inputs[0]!;
  throw new InvalidArgumentError(
    `${layer.describe()} takes one input tensor, got an array of ${inputs.length}. ` +
      'Merge them first (Concatenate, Add, ...) or apply the layer to each.',
  );
}

/** `[...]` shape of one input, or the error above for a list of shapes. */
export function oneShape(layer: Layer, shape: Shape | Shape[]): Shape {
  if (shape.length > 0 && Array.isArray(shape[0])) {
    const list = shape as Shape[];
    if (list.length === 1) return list[0]!;
    throw new InvalidArgumentError(
      `${layer.describe()} takes one input, got ${list.length} (shapes ${list.map(formatShapeCode).join(', ')}).`,
    );
  }
  return shape as Shape;
}

type Serializable = Initializer | Regularizer | Constraint;

/** `{ className, config }` as the tfjs Layers format stores initializers, regularizers and constraints; `null` if unset. */
export function serializeObject(
  value: Serializable | undefined,
): { className: string; config: Record<string, unknown> } | null {
  if (!value) return null;
  return {
    className: (value.constructor as unknown as { className: string }).className,
    config: value.getConfig(),
  };
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return formatShapeCode(value as (number | null)[]);
  return String(value);
}
