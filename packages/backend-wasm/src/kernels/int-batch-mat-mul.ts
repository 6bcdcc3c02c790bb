import { broadcast_util, type TensorInfo, util } from '@strata/core';
import { readValues, type WasmBackendLike } from './define-kernel.js';

/**
 * matMul of int32 tensors, which tfjs-backend-wasm's BatchMatMul rejects ("not yet supported"). Sums in doubles
 * and wraps to int32 like tfjs's cpu kernel; batches broadcast the way cpu does (batch index modulo each side's).
 */
export function intBatchMatMul(
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  backend: WasmBackendLike,
): TensorInfo {
  const [aRows, aCols] = a.shape.slice(-2) as [number, number];
  const [bRows, bCols] = b.shape.slice(-2) as [number, number];
  const [m, inner] = transposeA ? [aCols, aRows] : [aRows, aCols];
  const n = transposeB ? bRows : bCols;
  if (inner !== (transposeB ? bCols : bRows)) {
    throw new Error(`BatchMatMul: inner dimensions of shapes [${a.shape}] and [${b.shape}] do not match.`);
  }
  const batchShape = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batches = util.sizeFromShape(batchShape);
  const batchesA = util.sizeFromShape(a.shape.slice(0, -2));
  const batchesB = util.sizeFromShape(b.shape.slice(0, -2));
  const av = readValues(backend, a);
  const bv = readValues(backend, b);
  // Element (i, k) of a and (k, j) of b within one batch, whichever way each is stored.
  const [aI, aK] = transposeA ? [1, m] : [inner, 1];
  const [bK, bJ] = transposeB ? [1, inner] : [n, 1];
  const out = new Int32Array(batches * m * n);
  for (let batch = 0; batch < batches; batch++) {
    const aAt = (batch % batchesA) * m * inner;
    const bAt = (batch % batchesB) * inner * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let k = 0; k < inner; k++) sum += av[aAt + i * aI + k * aK] * bv[bAt + k * bK + j * bJ];
        out[(batch * m + i) * n + j] = sum;
      }
    }
  }
  return backend.makeOutput([...batchShape, m, n], 'int32', undefined, out);
}
