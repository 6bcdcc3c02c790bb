export { ArrayBackend } from './array-backend.js';
export {
  type BackendDefinition,
  defineBackend,
  type KernelCall,
  type KernelWrapper,
  type KitBackendPlugin,
} from './define-backend.js';
export {
  defineKernel,
  isKernelDefinition,
  type KernelAttrs,
  type KernelContext,
  type KernelDefinition,
  type KernelImpl,
  type KernelInputs,
  type KernelName,
  type KernelOutput,
  kernelAliases,
  makeOutput,
  type OutputDType,
  type ResolveKernelName,
  readValues,
  resolveKernelName,
  type TensorValues,
  type TfjsKernelName,
} from './define-kernel.js';
export { KernelFailedError } from './errors/kernel-failed-error.js';
export type { KernelSignatures, NoAttrs, NoInputs } from './kernel-signatures.js';
export { tfjsKernelNames } from './kernel-signatures.js';
export { type KernelOrigin, type KernelSources, kernelOrigin, kernelSources, kernelsOf } from './kernels-of.js';
export { shareBackend } from './share-backend.js';
export {
  assertKernels,
  type KernelWorkload,
  type LayerLike,
  missingKernels,
  type TraceOptions,
  traceKernels,
} from './trace-kernels.js';
