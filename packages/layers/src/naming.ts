// Keras's to_snake_case: `Conv2D` → `conv2d`, `BatchNormalization` → `batch_normalization`.
export function toSnakeCase(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

const counters = new Map<string, number>();

/** Unique names in Keras style: `dense`, `dense_1`, `dense_2`, ... per base name. */
export function uniqueLayerName(base: string): string {
  const count = counters.get(base) ?? 0;
  counters.set(base, count + 1);
  return count === 0 ? base : `${base}_${count}`;
}

/** Restart the numbering (`dense` again), as `keras.backend.clear_session()` does. For tests and notebooks. */
export function resetLayerNames(): void {
  counters.clear();
}
