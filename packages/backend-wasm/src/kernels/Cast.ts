import type { CastAttrs, KernelConfig, TensorInfo } from '@strata/core';
import { readValues, type WasmBackendLike } from './define-kernel.js';

/**
 * tfjs-backend-wasm's Cast, except to bool: tfjs copies the values into a byte array, so -2.5 becomes 254, 256
 * becomes 0 and 1e-30 becomes 0. A bool is `value !== 0` (NaN is true), as on cpu and in TensorFlow.
 */
export function cast(stock: KernelConfig): KernelConfig {
  return {
    ...stock,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      const { dtype } = args.attrs as unknown as CastAttrs;
      if (dtype !== 'bool' || x.dtype === 'bool') return stock.kernelFunc(args);
      const backend = args.backend as WasmBackendLike;
      const values = readValues(backend, x);
      const out = new Uint8Array(values.length);
      for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0 ? 1 : 0;
      return backend.makeOutput([...x.shape], 'bool', undefined, out);
    },
  };
}
