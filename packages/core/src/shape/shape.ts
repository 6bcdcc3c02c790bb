/** A tensor shape where `null` marks a dimension not known yet (usually the batch). */
export type Shape = (number | null)[];

/** Keras's notation: `[null, 28, 28]` → `(None, 28, 28)`, `[10]` → `(10,)`. */
export function formatShape(shape: readonly (number | null)[]): string {
  const dims = shape.map((d) => (d === null || d === undefined ? 'None' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/** Code notation for error messages: `[32, 28, 28]`, `[null, 784]`. */
export function formatShapeCode(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null || d === undefined ? 'null' : String(d))).join(', ')}]`;
}

/** True when every known dimension agrees (`null` matches anything). */
export function shapesCompatible(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

/** True when both shapes are identical, `null`s included. */
export function shapesEqual(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Number of elements, or `null` when any dimension is unknown. */
export function shapeSize(shape: readonly (number | null)[]): number | null {
  let size = 1;
  for (const d of shape) {
    if (d === null) return null;
    size *= d;
  }
  return size;
}
