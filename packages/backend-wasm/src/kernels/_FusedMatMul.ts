import {
  _FusedMatMul,
  type _FusedMatMulAttrs,
  BatchMatMul,
  broadcast_util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  util,
} from '@strata/core';
import type { WasmBackendLike } from './define-kernel.js';
import { applyActivation, runWasmKernel } from './fused-activation.js';
import { swapLastTwoAxes } from './swap-last-two-axes.js';

/**
 * tfjs-backend-wasm's fused matMul (+ bias + activation, what Dense layers call), made fast and correct:
 * - transposed operands are transposed first, as in BatchMatMul (the transposed path is 7-20x slower);
 * - tfjs 4.22 only gets the bias right on its XNNPACK path (one batch, no transpose, rank-1 bias): elsewhere it
 *   adds the last bias value to every column after the first row (checked against cpu). So a batched `a` with
 *   an unbatched `b` runs as one [batch·M, K] × [K, N] product, and the rest as matMul, add, activation.
 */
export function fusedMatMul(stock: KernelConfig, transpose: KernelFunc): KernelConfig {
  return {
    ...stock,
    kernelFunc: (args) => {
      const attrs = args.attrs as unknown as _FusedMatMulAttrs;
      const backend = args.backend as WasmBackendLike;
      const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | undefined>;
      const plainA = attrs.transposeA ? swapLastTwoAxes(a!, transpose, backend) : a!;
      const plainB = attrs.transposeB ? swapLastTwoAxes(b!, transpose, backend) : b!;
      const [m, k] = plainA.shape.slice(-2) as [number, number];
      const n = plainB.shape[plainB.shape.length - 1]!;
      const batchShape = broadcast_util.assertAndGetBroadcastShape(
        plainA.shape.slice(0, -2),
        plainB.shape.slice(0, -2),
      );
      const batchA = util.sizeFromShape(plainA.shape.slice(0, -2));
      try {
        if (util.sizeFromShape(plainB.shape.slice(0, -2)) === 1 && (!bias || bias.shape.length === 1)) {
          // The same memory seen as [1, batch·M, K] (the stock kernel reads a tensor's data by id, its shape from here).
          const out = stock.kernelFunc({
            ...args,
            inputs: {
              ...args.inputs,
              a: { ...plainA, shape: [1, batchA * m, k] },
              b: { ...plainB, shape: [1, k, n] },
            },
            attrs: { ...args.attrs, transposeA: false, transposeB: false },
          }) as TensorInfo;
          out.shape = [...batchShape, m, n];
          return out;
        }
        const product = runWasmKernel(BatchMatMul, { a: plainA, b: plainB }, backend, {
          transposeA: false,
          transposeB: false,
        });
        const biased = bias ? runWasmKernel('Add', { a: product, b: bias }, backend) : product;
        if (biased !== product) backend.disposeData(product.dataId);
        const out = applyActivation(
          biased,
          attrs.activation,
          backend,
          preluActivationWeights,
          attrs.leakyreluAlpha,
        );
        if (out !== biased) backend.disposeData(biased.dataId);
        return out;
      } finally {
        if (plainA !== a) backend.disposeData(plainA.dataId);
        if (plainB !== b) backend.disposeData(plainB.dataId);
      }
    },
  };
}

export { _FusedMatMul };
