export type { ClassWeight } from './class-weight.js';
export type { LossSpec, LossWeightsSpec } from './compiled-loss.js';
export type { CompiledMetric, MetricsSpec } from './compiled-metrics.js';
export type { EvaluateArgs } from './evaluate-loop.js';
export type { Verbosity } from './fit-args.js';
export type { FitHistory } from './fit-history.js';
export type { FitArgs } from './fit-loop.js';
export type { OnBatchArgs } from './on-batch.js';
export type { PredictArgs } from './predict-loop.js';
export { type CompileArgs, type ComputeArgs, TrainingModel } from './training-model.js';
export type {
  BatchSource,
  DatasetBatch,
  Logs,
  ModelInputs,
  ModelTargets,
  StepData,
  StepLogs,
} from './training-types.js';
export { type YieldEvery, yieldToEventLoop } from './yield-to-event-loop.js';
