/**
 * Folds the spellings of a Keras name together: `'mean_squared_error'`, `'meanSquaredError'` and
 * `'MeanSquaredError'` all become `'meansquarederror'`.
 */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[_\s-]/g, '');
}
