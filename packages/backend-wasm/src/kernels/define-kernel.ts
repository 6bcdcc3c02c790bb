import type { backend_util, DataId, DataType, KernelConfig, NamedAttrMap, TensorInfo } from '@strata/core';

/** What our kernels use of tfjs-backend-wasm's BackendWasm. */
export interface WasmBackendLike {
  /** A copy of the tensor's values out of the wasm heap. */
  readSync(dataId: DataId): backend_util.BackendValues;
  /** A new tensor on the wasm heap; `values` are copied in. */
  makeOutput(
    shape: number[],
    dtype: DataType,
    memoryOffset?: number,
    values?: backend_util.BackendValues,
  ): TensorInfo;
  disposeData(dataId: DataId): boolean;
  /** The tensor's values as a view of the wasm heap: no copy, valid until the next allocation. */
  typedArrayFromHeap(tensor: TensorInfo): backend_util.TypedArray;
  /** The Emscripten module; `memory` is set by our plugin (emscripten.ts), absent with tfjs's own init. */
  wasm?: { memory?: WebAssembly.Memory };
}

/** A kernel for the 'wasm' backend, with its inputs and attrs typed by the caller instead of cast in each file. */
export function defineWasmKernel<Inputs, Attrs>(
  kernelName: string,
  kernel: (inputs: Inputs, attrs: Attrs, backend: WasmBackendLike) => TensorInfo,
): KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) =>
      kernel(inputs as unknown as Inputs, (attrs ?? {}) as unknown as Attrs, backend as WasmBackendLike),
  };
}

/** A tensor's values as numbers (float32 or int32; this backend stores bool as uint8). */
export function readValues(
  backend: WasmBackendLike,
  tensor: TensorInfo,
): Float32Array | Int32Array | Uint8Array {
  return backend.readSync(tensor.dataId) as Float32Array | Int32Array | Uint8Array;
}

/** Attributes as tfjs passes them to the kernel, for the KernelFunc-shaped helpers. */
export type Attrs = NamedAttrMap;
