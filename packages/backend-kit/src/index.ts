export { ArrayBackend } from './array-backend.js';
export {
  bools,
  type ConformanceCase,
  constant,
  derived,
  f32,
  fixed,
  type InputSpec,
  i32,
  kernelCase,
  opCases,
  positive,
  specialValues,
} from './conformance/case.js';
export { conformanceCases } from './conformance/cases/index.js';
export { type CaseOutput, compareOutputs, type Tolerance } from './conformance/compare.js';
export type { EndToEndResult } from './conformance/end-to-end.js';
export { expectOpMatches, type OpMatchOptions } from './conformance/expect-op-matches.js';
export { formatReport } from './conformance/format-report.js';
export type { DeviationResult, KnownDeviation } from './conformance/known-deviations.js';
export {
  type CaseResult,
  type ConformanceFailure,
  type ConformanceOptions,
  type ConformanceReport,
  conformanceKernels,
  kernelsNeeded,
  runConformance,
} from './conformance/run-conformance.js';
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
export { type Divergence, firstDivergentKernel } from './first-divergent-kernel.js';
export {
  type CoverageColumn,
  formatCoverageMarkdown,
  type KernelCoverage,
  kernelCoverage,
} from './kernel-coverage.js';
export type { KernelSignatures, NoAttrs, NoInputs } from './kernel-signatures.js';
export { tfjsKernelNames } from './kernel-signatures.js';
export {
  type KernelOrigin,
  type KernelSources,
  kernelOrigin,
  kernelSources,
  kernelsOf,
} from './kernels-of.js';
export { recordKernels } from './record-kernels.js';
export { shareBackend } from './share-backend.js';
export {
  assertKernels,
  type KernelWorkload,
  type LayerLike,
  missingKernels,
  type TraceOptions,
  traceKernels,
} from './trace-kernels.js';
