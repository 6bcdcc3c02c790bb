import { OneHot, type OneHotAttrs, type OneHotInputs, type TensorInfo } from '@strata/core';
import { defineWasmKernel, readValues } from './define-kernel.js';

/**
 * `out[..., j] = onValue` where `indices[...] = j`, `offValue` elsewhere (also for ids outside [0, depth)).
 * Replaces tfjs-backend-wasm 4.22's kernel, which passes on/off values to C++ as integers and, for a float32
 * result, writes them as integer bits: `oneHot(ids, 3, 1, 0, 'float32')` gives 1.4e-45 for 1 and label smoothing
 * (0.9/0.05) gives all zeros. Filling the output is all the work, so JavaScript is as fast.
 */
export const oneHot = defineWasmKernel<OneHotInputs, OneHotAttrs>(
  OneHot,
  ({ indices }, { depth, onValue, offValue, dtype }, backend) => {
    const info = indices as TensorInfo;
    const ids = readValues(backend, info);
    const out =
      dtype === 'float32' ? new Float32Array(ids.length * depth) : new Int32Array(ids.length * depth);
    out.fill(offValue);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id >= 0 && id < depth) out[i * depth + id] = onValue;
    }
    return backend.makeOutput(
      [...info.shape, depth],
      dtype === 'float32' ? 'float32' : 'int32',
      undefined,
      out,
    );
  },
);
