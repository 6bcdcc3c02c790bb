import * as tf from '@strata/core';
import { InvalidArgumentError, StrataError } from '@strata/core';
import { Layer, type WeightInfo } from '@strata/layers';
import { Metric } from '../metrics/metric.js';
import { getOptimizer, type OptimizerIdentifier } from '../optimizers/get-optimizer.js';
import { isBatchSource } from './batch-source.js';
import { CompiledLoss, type LossSpec, type LossWeightsSpec } from './compiled-loss.js';
import { CompiledMetrics, type MetricsSpec } from './compiled-metrics.js';
import { type EvaluateArgs, runEvaluate } from './evaluate-loop.js';
import type { FitHistory } from './fit-history.js';
import { type FitArgs, runFit } from './fit-loop.js';
import { LossTracker } from './loss-tracker.js';
import { asList, flattenLogs, outputNames, weightsPerOutput } from './model-outputs.js';
import { type OnBatchArgs, testOnBatch, trainOnBatch } from './on-batch.js';
import { type PredictArgs, runPredict, runPredictDataset } from './predict-loop.js';
import type { BatchSource, Logs, ModelInputs, ModelTargets, StepData, StepLogs } from './training-types.js';

/** `compile()` options (Keras `model.compile`). */
export interface CompileArgs {
  /** A name (`'adam'`, `'sgd'`, `'rmsprop'`, ...) with Keras's defaults, or an optimizer instance. */
  optimizer: OptimizerIdentifier;
  /**
   * A loss name (`'categorical_crossentropy'`, `'mse'`, ...), a `Loss`, a function `(yTrue, yPred) => Tensor`;
   * for several outputs one for all, an array, or an object keyed by output name. May be left out only when a
   * custom `trainStep` computes its own loss.
   */
  loss?: LossSpec;
  /** Metrics to report, e.g. `['accuracy']` (picks binary/categorical/sparse from the loss, as Keras does). */
  metrics?: MetricsSpec;
  /** Metrics that take `sampleWeight`/`classWeight` into account (Keras `weighted_metrics`). */
  weightedMetrics?: MetricsSpec;
  /** Factor of each output's loss in the total. Default: 1 each. */
  lossWeights?: LossWeightsSpec;
}

/** Arguments of `computeLoss` and `computeMetrics` (Keras 3 names, camelCase). */
export interface ComputeArgs {
  x?: ModelInputs;
  y?: ModelTargets;
  yPred: tf.Tensor | tf.Tensor[];
  sampleWeight?: tf.Tensor | tf.Tensor[];
}

/** @internal What `compile` set up. */
export interface Compiled {
  optimizer: tf.Optimizer;
  /** Created from a name here, so the model disposes it. */
  ownsOptimizer: boolean;
  loss: CompiledLoss | undefined;
  metrics: CompiledMetrics | undefined;
  weightedMetrics: CompiledMetrics | undefined;
  lossTracker: LossTracker;
  /** Whether the loss tracker is reported (a loss was compiled, or a custom step gave one to computeMetrics). */
  tracksLoss: boolean;
  /** Shapes (batch axis dropped) of the data the compiled loss and metrics were last checked against. */
  checkedShapes?: string;
}

/**
 * Everything about training a model: `compile`, `fit`, `evaluate`, `predict`, `trainOnBatch`, `testOnBatch`, and
 * the Keras 3 hooks to customize them (`trainStep`, `testStep`, `predictStep`, `computeLoss`, `computeMetrics`).
 * `Model` extends it; the forward pass is the subclass's `call`, run through `apply`.
 *
 * Per step, the default `trainStep` runs inside one `tf.tidy`: the forward pass in training mode and the loss
 * (compiled losses + the layers' regularization `losses`) under one `tf.variableGrads` over the trainable
 * weights, `optimizer.applyGradients`, weight constraints, then the metrics' `updateState`. Nothing is read
 * back to the CPU unless a callback asks for batch logs; epoch logs are read once per epoch.
 */
export abstract class TrainingModel extends Layer {
  /** Set to `true` (e.g. from a callback) to end `fit` after the current batch. */
  stopTraining = false;
  /** The `History` of the last `fit`. */
  history: FitHistory | undefined;

  private compiledState: Compiled | undefined;
  private stepVariables: tf.Variable[] | undefined;
  private stepConstraints: WeightInfo[] | undefined;

  // ---- compile --------------------------------------------------------------------------------------------

  /**
   * Configures training (Keras `compile`). Names are checked here: a wrong loss, metric or optimizer name
   * throws now, listing the valid ones. Compiling again replaces the previous configuration (and its metrics).
   * @example model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
   */
  compile(args: CompileArgs): void {
    if (typeof args !== 'object' || args === null || args.optimizer === undefined) {
      throw new InvalidArgumentError(
        `${this.describe()}: compile() needs at least an optimizer, e.g. ` +
          `model.compile({ optimizer: 'adam', loss: 'mse' }).`,
      );
    }
    const optimizer = getOptimizer(args.optimizer);
    const loss = args.loss === undefined ? undefined : new CompiledLoss(args.loss, args.lossWeights);
    const metrics = args.metrics === undefined ? undefined : new CompiledMetrics(args.metrics, false);
    const weightedMetrics =
      args.weightedMetrics === undefined ? undefined : new CompiledMetrics(args.weightedMetrics, true);
    this.disposeCompiled(optimizer);
    this.compiledState = {
      optimizer,
      ownsOptimizer: !(args.optimizer instanceof tf.Optimizer),
      loss,
      metrics,
      weightedMetrics,
      lossTracker: new LossTracker('loss'),
      tracksLoss: loss !== undefined,
    };
  }

  /** Whether `compile` has been called. */
  get compiled(): boolean {
    return this.compiledState !== undefined;
  }

  /** The compiled optimizer. Throws before `compile`. */
  get optimizer(): tf.Optimizer {
    return this.requireCompiled('optimizer').optimizer;
  }

  // ---- training loops -------------------------------------------------------------------------------------

  /**
   * Trains the model for `epochs` passes over the data (Keras `fit`) and returns its `History`.
   * `fit(x, y, args)` takes tensors (an array of them for several inputs or outputs); `fit(dataset, args)` takes an
   * async iterable of batches `{ xs, ys }` or `[xs, ys]` (e.g. `@strata/datasets`'s `Dataset`).
   * @example const history = await model.fit(xs, ys, { epochs: 5, batchSize: 32, validationSplit: 0.1 });
   */
  fit(x: ModelInputs, y?: ModelTargets, args?: FitArgs): Promise<FitHistory>;
  fit(dataset: BatchSource, args?: FitArgs): Promise<FitHistory>;
  fit(x: ModelInputs | BatchSource, yOrArgs?: ModelTargets | FitArgs, args?: FitArgs): Promise<FitHistory> {
    if (isBatchSource(x)) return runFit(this, { source: x }, (yOrArgs as FitArgs | undefined) ?? {});
    return runFit(this, { x, y: yOrArgs as ModelTargets | undefined }, args ?? {});
  }

  /**
   * The loss and metrics on data, in inference mode (Keras `evaluate`): a number when only the loss is tracked,
   * else `[loss, ...each output's loss, ...metrics]` in `metricsNames` order (`returnDict: true` gives an object).
   */
  evaluate(
    x: ModelInputs,
    y?: ModelTargets,
    args?: EvaluateArgs & { returnDict?: false },
  ): Promise<number | number[]>;
  evaluate(
    x: ModelInputs,
    y: ModelTargets | undefined,
    args: EvaluateArgs & { returnDict: true },
  ): Promise<Logs>;
  evaluate(dataset: BatchSource, args?: EvaluateArgs & { returnDict?: false }): Promise<number | number[]>;
  evaluate(dataset: BatchSource, args: EvaluateArgs & { returnDict: true }): Promise<Logs>;
  async evaluate(
    x: ModelInputs | BatchSource,
    yOrArgs?: ModelTargets | EvaluateArgs,
    args?: EvaluateArgs,
  ): Promise<number | number[] | Logs> {
    const data = isBatchSource(x) ? { source: x } : { x, y: yOrArgs as ModelTargets | undefined };
    const options = (isBatchSource(x) ? (yOrArgs as EvaluateArgs | undefined) : args) ?? {};
    const logs = await runEvaluate(this, data, options);
    return options.returnDict ? logs : flattenLogs(logs);
  }

  /**
   * Predictions for `x` in batches of `batchSize` (default 32), in inference mode (Keras `predict`): one tensor,
   * or one per output. Synchronous for tensors; for a dataset it returns a promise. The caller owns the result.
   */
  predict(x: tf.Tensor | tf.Tensor[], args?: PredictArgs): tf.Tensor | tf.Tensor[];
  predict(dataset: BatchSource, args?: PredictArgs): Promise<tf.Tensor | tf.Tensor[]>;
  predict(
    x: ModelInputs | BatchSource,
    args: PredictArgs = {},
  ): tf.Tensor | tf.Tensor[] | Promise<tf.Tensor | tf.Tensor[]> {
    return isBatchSource(x) ? runPredictDataset(this, x, args) : runPredict(this, x, args);
  }

  /** Predictions for one batch, without batching (Keras `predict_on_batch`). The caller owns the result. */
  predictOnBatch(x: ModelInputs): tf.Tensor | tf.Tensor[] {
    return runPredict(this, x, { batchSize: Number.MAX_SAFE_INTEGER });
  }

  /**
   * One training step on one batch (Keras `train_on_batch`): the loss, or `[loss, ...metrics]` in `metricsNames`
   * order, for this batch (metrics are reset first unless `resetMetrics: false`; `returnDict: true` gives an object).
   */
  trainOnBatch(
    x: ModelInputs,
    y?: ModelTargets,
    args?: OnBatchArgs & { returnDict?: false },
  ): Promise<number | number[]>;
  trainOnBatch(
    x: ModelInputs,
    y: ModelTargets | undefined,
    args: OnBatchArgs & { returnDict: true },
  ): Promise<Logs>;
  async trainOnBatch(
    x: ModelInputs,
    y?: ModelTargets,
    args: OnBatchArgs = {},
  ): Promise<number | number[] | Logs> {
    const logs = await trainOnBatch(this, x, y, args);
    return args.returnDict ? logs : flattenLogs(logs);
  }

  /** The loss (and metrics) on one batch in inference mode, without updating weights (Keras `test_on_batch`). */
  testOnBatch(
    x: ModelInputs,
    y?: ModelTargets,
    args?: OnBatchArgs & { returnDict?: false },
  ): Promise<number | number[]>;
  testOnBatch(
    x: ModelInputs,
    y: ModelTargets | undefined,
    args: OnBatchArgs & { returnDict: true },
  ): Promise<Logs>;
  async testOnBatch(
    x: ModelInputs,
    y?: ModelTargets,
    args: OnBatchArgs = {},
  ): Promise<number | number[] | Logs> {
    const logs = await testOnBatch(this, x, y, args);
    return args.returnDict ? logs : flattenLogs(logs);
  }

  // ---- steps (override to customize fit / evaluate / predict) --------------------------------------------------

  /**
   * One training step (Keras 3 `train_step`); `fit` and `trainOnBatch` call it inside one `tf.tidy`. Override it
   * for custom training and keep `fit`, callbacks and progress: use `this.apply(x, { training: true })`,
   * `this.computeLoss`, `tf.variableGrads`/`this.trainableWeights`, `this.optimizer.applyGradients`,
   * `this.applyConstraints()` and `this.computeMetrics`. Return nothing (the logs are then `this.metrics`'
   * results), or an object of scalar tensors or numbers to report instead.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: an override that returns nothing must type-check.
  trainStep(data: StepData): StepLogs | void {
    const { x, y, sampleWeight } = data;
    const variables = this.stepVariables ?? this.trainableWeights;
    let yPred: tf.Tensor | tf.Tensor[] = [];
    const forward = (): tf.Scalar => {
      // variableGrads frees what its function made except the loss; the metrics still need the predictions.
      yPred = this.trainingForward(x, true);
      for (const t of asList(yPred)) tf.keep(t);
      return this.computeLoss({ x, y, yPred, sampleWeight });
    };
    try {
      let loss: tf.Scalar;
      if (variables.length > 0) {
        const { value, grads } = tf.variableGrads(forward, variables);
        this.optimizer.applyGradients(grads);
        this.applyConstraints();
        loss = value;
      } else {
        loss = forward(); // Everything frozen: report the loss, change nothing (Keras does the same).
      }
      this.computeMetrics({ x, y, yPred, sampleWeight, loss });
    } finally {
      tf.dispose(yPred);
    }
  }

  /** One evaluation step (Keras 3 `test_step`): forward in inference mode, loss, metrics. Same contract as `trainStep`. */
  // biome-ignore lint/suspicious/noConfusingVoidType: an override that returns nothing must type-check.
  testStep(data: StepData): StepLogs | void {
    const { x, y, sampleWeight } = data;
    const yPred = this.trainingForward(x, false);
    const loss = this.computeLoss({ x, y, yPred, sampleWeight });
    this.computeMetrics({ x, y, yPred, sampleWeight, loss });
  }

  /** One prediction step (Keras 3 `predict_step`): the forward pass in inference mode. Runs inside `tf.tidy`. */
  predictStep(data: StepData): tf.Tensor | tf.Tensor[] {
    return this.trainingForward(data.x, false);
  }

  // ---- helpers for custom steps -------------------------------------------------------------------------------

  /**
   * The total loss (Keras 3 `compute_loss`): the compiled loss of each output (times its `lossWeights`) plus the
   * layers' regularization losses from the last forward pass. Call it inside the function given to
   * `tf.variableGrads` so that its gradient reaches the weights.
   */
  computeLoss({ y, yPred, sampleWeight }: ComputeArgs): tf.Scalar {
    const compiled = this.requireCompiled('computeLoss');
    const terms: tf.Tensor[] = [];
    if (compiled.loss !== undefined) {
      if (y === undefined) {
        throw new InvalidArgumentError(
          `${this.describe()}: the compiled loss needs targets, but y is missing. Pass y to fit/evaluate ` +
            '(or ys in each dataset batch).',
        );
      }
      const predictions = asList(yPred);
      const targets = asList(y);
      this.buildCompiled(targets, predictions);
      terms.push(
        compiled.loss.compute(
          targets,
          predictions,
          weightsPerOutput(sampleWeight, predictions.length),
          'computeLoss()',
        ),
      );
    }
    for (const penalty of this.losses) terms.push(penalty.rank === 0 ? penalty : tf.sum(penalty));
    if (terms.length === 0) {
      throw new StrataError(
        `${this.describe()} has no loss to compute: no loss was compiled and no layer added one. ` +
          "Call compile({ optimizer, loss }) with a loss, e.g. loss: 'mse'.",
      );
    }
    return (terms.length === 1 ? terms[0]! : tf.addN(terms)) as tf.Scalar;
  }

  /**
   * Updates the compiled metrics with a batch (Keras 3 `compute_metrics`), and the `loss` tracker if `loss` is
   * given (weighted by the batch size, so the epoch value is the mean over samples). Unlike Keras it returns
   * nothing: results are read lazily (`getMetricsResult()`), so a step never waits for the device.
   */
  computeMetrics({ y, yPred, sampleWeight, loss, x }: ComputeArgs & { loss?: tf.Tensor }): void {
    const compiled = this.requireCompiled('computeMetrics');
    const predictions = asList(yPred);
    if (loss !== undefined) {
      compiled.tracksLoss = true;
      const first = x === undefined ? predictions[0]! : asList(x)[0]!;
      compiled.lossTracker.updateState(loss, first.shape[0] ?? 1);
    }
    if (y === undefined || (compiled.metrics === undefined && compiled.weightedMetrics === undefined)) return;
    const targets = asList(y);
    this.buildCompiled(targets, predictions);
    const weights = weightsPerOutput(sampleWeight, predictions.length);
    compiled.metrics?.update(targets, predictions, weights);
    compiled.weightedMetrics?.update(targets, predictions, weights);
  }

  /** Projects weights that have a constraint back into their set (after an optimizer step). */
  applyConstraints(): void {
    const constrained = this.stepConstraints ?? this.weightInfo().filter((w) => w.trainable && w.constraint);
    for (const w of constrained) w.variable.assign(w.constraint!.apply(w.variable));
  }

  /**
   * The metrics `fit` reports, in log order: the loss tracker (`loss`), each output's loss (several outputs),
   * the compiled metrics (created on the first batch), then `Metric`s held in the model's own fields.
   */
  get metrics(): Metric<any>[] {
    const c = this.compiledState;
    const compiled = c
      ? [
          ...(c.tracksLoss ? [c.lossTracker] : []),
          ...(c.loss?.trackers ?? []),
          ...(c.metrics?.compiled.map((m) => m.metric) ?? []),
          ...(c.weightedMetrics?.compiled.map((m) => m.metric) ?? []),
        ]
      : [];
    const own = Object.keys(this)
      .map((k) => (this as Record<string, unknown>)[k])
      .flatMap((v) => (Array.isArray(v) ? v : [v]))
      .filter((v): v is Metric => v instanceof Metric && !compiled.includes(v as never));
    return [...compiled, ...own];
  }

  /** The log key of each metric in `metrics` (`loss`, `accuracy`, `dense_2_loss`, ...). */
  get metricsNames(): string[] {
    const keys = new Map<unknown, string>();
    for (const m of [
      ...(this.compiledState?.metrics?.compiled ?? []),
      ...(this.compiledState?.weightedMetrics?.compiled ?? []),
    ]) {
      keys.set(m.metric, m.key);
    }
    return this.metrics.map((m) => keys.get(m) ?? m.name);
  }

  /** Every metric's current result as a new scalar tensor (the caller disposes them), keyed by `metricsNames`. */
  getMetricsResult(): Record<string, tf.Scalar> {
    const names = this.metricsNames;
    return Object.fromEntries(this.metrics.map((m, i) => [names[i]!, m.result()]));
  }

  /** Resets every metric in `metrics` (fit does it at the start of each epoch, evaluate at its start). */
  resetMetrics(): void {
    for (const m of this.metrics) m.resetState();
  }

  /**
   * Frees the weights, the metrics' state (compiled ones and `Metric` fields) and an optimizer that `compile`
   * created from a name.
   */
  override dispose(): void {
    if (this.disposed) return;
    for (const m of this.metrics) m.dispose();
    this.disposeCompiled();
    this.compiledState = undefined;
    super.dispose();
  }

  // ---- internals shared with the loops ------------------------------------------------------------------------

  /** @internal The compiled configuration, or the error every entry point gives before `compile`. */
  requireCompiled(where: string): Compiled {
    if (this.compiledState === undefined) {
      throw new StrataError(
        `${this.describe()} is not compiled, so ${where} cannot run. Call ` +
          "model.compile({ optimizer, loss }) first, e.g. model.compile({ optimizer: 'adam', loss: 'mse' }).",
      );
    }
    return this.compiledState;
  }

  /**
   * @internal Before a loop (`true`): looks up the variables `trainStep` differentiates and the weights with
   * constraints once, instead of walking the layers every step. After it (`false`): forgets them, so a change of
   * `trainable` between fits is seen.
   */
  cacheStepWeights(on: boolean): void {
    const info = on ? this.weightInfo() : undefined;
    this.stepVariables = info?.filter((w) => w.trainable).map((w) => w.variable);
    this.stepConstraints = info?.filter((w) => w.trainable && w.constraint);
  }

  /** @internal Whether a subclass overrides `trainStep` / `testStep` (then `checkData` only builds the model). */
  hasCustomStep(kind: 'train' | 'test'): boolean {
    return kind === 'train'
      ? this.trainStep !== TrainingModel.prototype.trainStep
      : this.testStep !== TrainingModel.prototype.testStep;
  }

  /** `apply` on real tensors, typed for the training code (several inputs/outputs as arrays). */
  private trainingForward(x: ModelInputs, training: boolean): tf.Tensor | tf.Tensor[] {
    return this.apply(x as tf.Tensor, { training }) as tf.Tensor | tf.Tensor[];
  }

  private buildCompiled(targets: tf.Tensor[], predictions: tf.Tensor[]): void {
    const c = this.compiledState!;
    if ((c.loss?.built ?? true) && (c.metrics?.built ?? true) && (c.weightedMetrics?.built ?? true)) return;
    const names = outputNames(this, predictions.length);
    if (c.loss !== undefined && !c.loss.built) c.loss.build(names);
    if ((c.metrics && !c.metrics.built) || (c.weightedMetrics && !c.weightedMetrics.built)) {
      const losses = names.map((_, i) => c.loss?.lossAt(i) ?? null);
      const taken = new Set(['loss', ...(c.loss?.trackers.map((t) => t.name) ?? [])]);
      if (c.metrics && !c.metrics.built) c.metrics.build(names, targets, predictions, losses, taken);
      if (c.weightedMetrics && !c.weightedMetrics.built)
        c.weightedMetrics.build(names, targets, predictions, losses, taken);
    }
  }

  private disposeCompiled(keepOptimizer?: tf.Optimizer): void {
    const c = this.compiledState;
    if (c === undefined) return;
    c.loss?.dispose();
    c.metrics?.dispose();
    c.weightedMetrics?.dispose();
    c.lossTracker.dispose();
    if (c.ownsOptimizer && c.optimizer !== keepOptimizer) c.optimizer.dispose();
  }
}
