import { backend_util, type TensorInfo, util } from '@strata/core';
import type { WasmBackendLike } from './define-kernel.js';
import { hasNaN } from './nan-scan.js';

/**
 * Puts back the NaNs a kernel dropped: `out[i] = x[i]` wherever `x[i]` is NaN (`out` has `x`'s shape). A NaN must
 * survive relu6 or a clip, or a diverging model looks healthy. Costs one SIMD scan when `x` has no NaN.
 */
export function keepNaNs(x: TensorInfo, out: TensorInfo, backend: WasmBackendLike): TensorInfo {
  if (!hasNaN(backend, x)) return out;
  const xs = backend.typedArrayFromHeap(x) as Float32Array;
  const outs = backend.typedArrayFromHeap(out) as Float32Array;
  for (let i = 0; i < xs.length; i++) if (Number.isNaN(xs[i])) outs[i] = xs[i]!;
  return out;
}

/**
 * The same for a broadcasting binary kernel (maximum, minimum): `out` is NaN wherever `a` or `b` is, as
 * `Math.max` gives on cpu. The per-element pass, with broadcast indexing, only runs when an input has a NaN.
 */
export function keepNaNsOfBinary(
  a: TensorInfo,
  b: TensorInfo,
  out: TensorInfo,
  backend: WasmBackendLike,
): TensorInfo {
  if (out.dtype !== 'float32' || (!hasNaN(backend, a) && !hasNaN(backend, b))) return out;
  const as = backend.typedArrayFromHeap(a) as Float32Array;
  const bs = backend.typedArrayFromHeap(b) as Float32Array;
  const outs = backend.typedArrayFromHeap(out) as Float32Array;
  const aIndex = broadcastIndex(a.shape, out.shape);
  const bIndex = broadcastIndex(b.shape, out.shape);
  for (let i = 0; i < outs.length; i++) {
    const x = as[aIndex(i)]!;
    const y = bs[bIndex(i)]!;
    if (Number.isNaN(x)) outs[i] = x;
    else if (Number.isNaN(y)) outs[i] = y;
  }
  return out;
}

/** Maps a flat index of `outShape` to the flat index of an input of `shape` broadcast to it. */
function broadcastIndex(shape: readonly number[], outShape: readonly number[]): (flat: number) => number {
  if (util.arraysEqual([...shape], [...outShape])) return (flat) => flat;
  const size = util.sizeFromShape([...shape]);
  if (size === 1) return () => 0;
  const rank = outShape.length;
  const padded = [...new Array<number>(rank - shape.length).fill(1), ...shape];
  const strides = util.computeStrides(padded);
  const outStrides = util.computeStrides([...outShape]);
  const broadcastDims = new Set(backend_util.getBroadcastDims(padded, [...outShape]));
  return (flat) => {
    let index = 0;
    let rest = flat;
    for (let d = 0; d < rank; d++) {
      const step = d < rank - 1 ? outStrides[d]! : 1;
      const coord = Math.floor(rest / step);
      rest -= coord * step;
      if (!broadcastDims.has(d)) index += coord * (d < rank - 1 ? strides[d]! : 1);
    }
    return index;
  };
}
