import { type _FusedMatMulAttrs, getKernel, type NamedAttrMap, type TensorInfo } from '@strata/core';
import type { WasmBackendLike } from './define-kernel.js';

type Activation = _FusedMatMulAttrs['activation'];

// Which wasm kernel computes each activation fused.matMul accepts.
const kernelFor: Record<Exclude<Activation, 'linear'>, string> = {
  relu: 'Relu',
  relu6: 'Relu6',
  elu: 'Elu',
  sigmoid: 'Sigmoid',
  leakyrelu: 'LeakyRelu',
  prelu: 'Prelu',
};

/** Runs a 'wasm' kernel by name on TensorInfos (inside another kernel, so no engine bookkeeping). */
export function runWasmKernel(
  name: string,
  inputs: Record<string, TensorInfo>,
  backend: WasmBackendLike,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const kernel = getKernel(name, 'wasm');
  if (!kernel) throw new Error(`tfjs-backend-wasm has no '${name}' kernel, which fused matMul needs.`);
  return kernel.kernelFunc({ inputs, backend: backend as never, attrs }) as TensorInfo;
}

/** `activation(x)` as fused.matMul defines it; returns `x` itself for 'linear'. */
export function applyActivation(
  x: TensorInfo,
  activation: Activation,
  backend: WasmBackendLike,
  preluWeights: TensorInfo | undefined,
  leakyreluAlpha: number | undefined,
): TensorInfo {
  if (activation === 'linear') return x;
  const name = kernelFor[activation];
  if (activation === 'prelu') return runWasmKernel(name, { x, alpha: preluWeights! }, backend);
  if (activation === 'leakyrelu')
    return runWasmKernel(name, { x }, backend, { alpha: leakyreluAlpha ?? 0.2 });
  return runWasmKernel(name, { x }, backend);
}
