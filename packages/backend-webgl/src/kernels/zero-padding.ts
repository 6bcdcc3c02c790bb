import type { TensorInfo } from '@strata/core';
import { zeroPaddingProgram } from './programs.js';
import type { WebglBackendLike } from './webgl-backend-like.js';

/**
 * `x` itself when its values are not in a packed texture (tfjs packs it with zero padding when a packed program
 * reads it), else a packed copy whose padding is 0; dispose that with `backend.disposeIntermediateTensorInfo`.
 */
export function withZeroPadding(x: TensorInfo, backend: WebglBackendLike): TensorInfo {
  const data = backend.texData.get(x.dataId);
  if (data.texture == null || !data.isPacked) return x;
  return backend.runWebGLProgram(zeroPaddingProgram([...x.shape]), [x], x.dtype);
}
