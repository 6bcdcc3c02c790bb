/** One output of a case as read back from a backend. */
export interface CaseOutput {
  shape: number[];
  dtype: string;
  values: ArrayLike<number>;
}

/** How far apart two values may be: |got - expected| <= atol + rtol * |expected|. */
export interface Tolerance {
  atol: number;
  rtol: number;
}

export interface Comparison {
  /** The largest |got - expected| over all values; Infinity when a NaN or Infinity does not match. */
  maxAbsDiff: number;
  /** What differs, in words; undefined when everything is within tolerance. */
  error?: string;
}

/**
 * Compares a backend's outputs with the reference's. Float values must agree within `tolerance`, NaN must meet
 * NaN and Infinity the same Infinity; int32 and bool values, shapes and dtypes must be equal.
 */
export function compareOutputs(
  got: readonly CaseOutput[],
  expected: readonly CaseOutput[],
  tolerance: Tolerance,
  reference = 'the reference',
): Comparison {
  if (got.length !== expected.length) {
    return {
      maxAbsDiff: Number.POSITIVE_INFINITY,
      error: `returned ${got.length} outputs, ${reference} ${expected.length}`,
    };
  }
  let maxAbsDiff = 0;
  for (let o = 0; o < got.length; o++) {
    const a = got[o]!;
    const b = expected[o]!;
    const which = got.length > 1 ? `output ${o}` : 'output';
    if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
      return {
        maxAbsDiff: Number.POSITIVE_INFINITY,
        error: `${which} has shape [${a.shape.join(', ')}], ${reference} gave [${b.shape.join(', ')}]`,
      };
    }
    if (a.dtype !== b.dtype) {
      return {
        maxAbsDiff: Number.POSITIVE_INFINITY,
        error: `${which} is ${a.dtype}, ${reference} gave ${b.dtype}`,
      };
    }
    const exact = b.dtype !== 'float32';
    let bad = 0;
    let first: string | undefined;
    for (let i = 0; i < b.values.length; i++) {
      const x = a.values[i]!;
      const y = b.values[i]!;
      let diff: number;
      let ok: boolean;
      if (Number.isNaN(x) || Number.isNaN(y) || !Number.isFinite(x) || !Number.isFinite(y)) {
        ok = (Number.isNaN(x) && Number.isNaN(y)) || x === y;
        diff = ok ? 0 : Number.POSITIVE_INFINITY;
      } else {
        diff = Math.abs(x - y);
        ok = exact ? diff === 0 : diff <= tolerance.atol + tolerance.rtol * Math.abs(y);
      }
      if (diff > maxAbsDiff) maxAbsDiff = diff;
      if (!ok) {
        bad++;
        if (first === undefined) {
          const bound =
            exact || !Number.isFinite(x) || !Number.isFinite(y)
              ? 'must match exactly'
              : `tolerance ${formatNumber(tolerance.atol + tolerance.rtol * Math.abs(y))}`;
          first =
            `${which} at [${indexOf(i, b.shape).join(', ')}]: got ${formatNumber(x)}, ${reference} gave ` +
            `${formatNumber(y)} (${Number.isFinite(diff) ? `|diff| ${formatNumber(diff)}, ` : ''}${bound})`;
        }
      }
    }
    if (first) return { maxAbsDiff, error: `${first}; ${bad} of ${b.values.length} values differ` };
  }
  return { maxAbsDiff };
}

/** A number as short as it can be while staying exact enough to compare by eye. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const abs = Math.abs(value);
  return abs >= 1e5 || abs < 1e-3 ? value.toExponential(2) : String(Number(value.toPrecision(6)));
}

function indexOf(flat: number, shape: readonly number[]): number[] {
  const index: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    index.unshift(flat % shape[d]!);
    flat = Math.floor(flat / shape[d]!);
  }
  return index;
}
