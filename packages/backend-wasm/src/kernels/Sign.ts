import { Sign, type SignInputs, type TensorInfo } from '@strata/core';
import { defineWasmKernel, readValues } from './define-kernel.js';

/**
 * -1, 0 or 1 by the sign of each value, as tfjs's cpu kernel computes it (NaN and ±0 give 0). Replaces
 * tfjs-backend-wasm 4.22's kernel, which gives 0 for small values such as 1e-10 and 1e-30. Not a hot path (the
 * gradients of abs and of the hinge losses use it), so a loop here is enough.
 */
export const sign = defineWasmKernel<SignInputs, Record<string, never>>(Sign, ({ x }, _attrs, backend) => {
  const info = x as TensorInfo;
  const values = readValues(backend, info);
  const out = info.dtype === 'int32' ? new Int32Array(values.length) : new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = v > 0 ? 1 : v < 0 ? -1 : 0;
  }
  return backend.makeOutput([...info.shape], info.dtype === 'int32' ? 'int32' : 'float32', undefined, out);
});
