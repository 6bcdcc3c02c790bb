import type * as tf from '@strata/core';
import { type Shape, shapesCompatible } from '@strata/core';

// Shape helpers shared by Model, Sequential, functional models and summary(). A model with several inputs has a
// list of shapes (`[[null, 50], [null, 50]]`); one input has one shape (`[null, 28, 28]`).

export function isShapeList(shape: Shape | Shape[]): shape is Shape[] {
  return shape.length > 0 && Array.isArray(shape[0]);
}

export function shapeOf(x: tf.Tensor | tf.Tensor[]): Shape | Shape[] {
  return Array.isArray(x) ? x.map((t) => [...t.shape]) : [...x.shape];
}

/** The batch axis (first) as `null`: how models and layers record shapes. */
export function withUnknownBatch(shape: Shape | Shape[]): Shape | Shape[] {
  if (isShapeList(shape)) return shape.map((s) => (s.length ? [null, ...s.slice(1)] : []));
  return shape.length ? [null, ...shape.slice(1)] : [];
}

/** Unknown dimensions as 1, for a dummy batch. */
export function concreteShape(shape: Shape): number[] {
  return shape.map((d) => d ?? 1);
}

export function copyShape(shape: Shape | Shape[]): Shape | Shape[] {
  return isShapeList(shape) ? shape.map((s) => [...s]) : [...shape];
}

/** True when both are single shapes or lists of the same length, and every known dimension agrees. */
export function shapesFit(a: Shape | Shape[], b: Shape | Shape[]): boolean {
  const aList = isShapeList(a);
  if (aList !== isShapeList(b)) return false;
  if (!aList) return shapesCompatible(a, b as Shape);
  const bList = b as Shape[];
  return a.length === bList.length && a.every((s, i) => shapesCompatible(s, bList[i]!));
}
