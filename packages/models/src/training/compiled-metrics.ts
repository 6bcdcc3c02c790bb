import type * as tf from '@strata/core';
import { InvalidArgumentError, UnknownNameError } from '@strata/core';
import type { LossIdentifier } from '../losses/get-loss.js';
import { normalizeName } from '../losses/normalize-name.js';
import { getMetric, METRIC_NAMES, type MetricIdentifier } from '../metrics/get-metric.js';
import { Metric } from '../metrics/metric.js';
import { matchToOutputs } from './compiled-loss.js';

/**
 * `compile({ metrics })`: a list applied to every output (Keras 2 and tfjs-layers), a list of lists (one list
 * per output), or an object keyed by output name (a metric or a list each).
 */
export type MetricsSpec =
  | MetricIdentifier[]
  | MetricIdentifier[][]
  | Record<string, MetricIdentifier | MetricIdentifier[] | null>;

/** A compiled metric and its key in the logs (`accuracy`, or `<output>_accuracy` with several outputs). */
export interface CompiledMetric {
  metric: Metric;
  key: string;
  output: number;
}

/**
 * The metrics given to `compile`, created on the first batch, when the outputs' shapes and losses are known
 * (`'accuracy'` becomes binary, categorical or sparse categorical accuracy from them, as in Keras). With
 * `weighted`, sample weights are passed to `updateState` (Keras's `weighted_metrics`); plain metrics ignore them.
 */
export class CompiledMetrics {
  private entries: CompiledMetric[] | undefined;

  constructor(
    private readonly spec: MetricsSpec,
    private readonly weighted: boolean,
  ) {
    checkSpec(spec);
  }

  get built(): boolean {
    return this.entries !== undefined;
  }

  get compiled(): CompiledMetric[] {
    return this.entries ?? [];
  }

  /**
   * Creates the metrics for the outputs. `losses` (per output) pick the accuracy variant; `taken` holds log keys
   * already used (a clash gets a `weighted_` prefix for weighted metrics, else a numeric suffix).
   */
  build(
    outputNames: string[],
    y: tf.Tensor[],
    yPred: tf.Tensor[],
    losses: Array<LossIdentifier | null>,
    taken: Set<string>,
  ): void {
    const perOutput = perOutputIdentifiers(this.spec, outputNames);
    const shared = new Set<Metric>();
    const entries: CompiledMetric[] = [];
    perOutput.forEach((identifiers, output) => {
      for (const identifier of identifiers) {
        if (identifier instanceof Metric) {
          if (shared.has(identifier)) {
            throw new InvalidArgumentError(
              `compile(): the metric instance '${identifier.name}' is used for more than one output; each output ` +
                "needs its own instance. Pass a name such as 'accuracy' (one metric is made per output), or " +
                'one instance per output in a list of lists.',
            );
          }
          shared.add(identifier);
        }
        const loss = losses[output] ?? undefined;
        const metric = getMetric(identifier, {
          ...(loss !== undefined ? { loss } : {}),
          yTrueShape: y[output]?.shape,
          yPredShape: yPred[output]?.shape,
        });
        let key = outputNames.length > 1 ? `${outputNames[output]}_${metric.name}` : metric.name;
        if (taken.has(key) && this.weighted) key = `weighted_${key}`;
        for (let n = 1; taken.has(key); n++) key = `${key.replace(/_\d+$/, '')}_${n}`;
        taken.add(key);
        entries.push({ metric, key, output });
      }
    });
    this.entries = entries;
  }

  /** Adds a batch to every metric (inside the caller's tidy). */
  update(y: tf.Tensor[], yPred: tf.Tensor[], sampleWeight: Array<tf.Tensor | undefined>): void {
    for (const { metric, output } of this.entries!) {
      const weight = this.weighted ? sampleWeight[output] : undefined;
      metric.updateState(y[output]!, yPred[output]!, weight);
    }
  }

  dispose(): void {
    for (const { metric } of this.entries ?? []) metric.dispose();
    this.entries = undefined;
  }
}

function perOutputIdentifiers(spec: MetricsSpec, outputNames: string[]): MetricIdentifier[][] {
  if (Array.isArray(spec)) {
    if (spec.length > 0 && spec.every(Array.isArray)) {
      return matchToOutputs('metrics', spec as MetricIdentifier[][], outputNames, () => false).map(
        (m) => m ?? [],
      );
    }
    return outputNames.map(() => spec as MetricIdentifier[]);
  }
  return matchToOutputs('metrics', spec, outputNames, () => false).map((m) =>
    m === null ? [] : Array.isArray(m) ? m : [m],
  );
}

const knownNames = new Set(METRIC_NAMES.map(normalizeName));

/** Checks metric names at compile time, so a typo fails in `compile`, not after the first batch. */
function checkSpec(spec: MetricsSpec): void {
  if (typeof spec !== 'object' || spec === null) {
    throw new InvalidArgumentError(
      `compile(): metrics must be an array such as ['accuracy'], or an object keyed by output name, got ${String(spec)}.`,
    );
  }
  const all = (Array.isArray(spec) ? spec : Object.values(spec)).flat(2);
  for (const identifier of all) {
    if (typeof identifier === 'string' && !knownNames.has(normalizeName(identifier))) {
      throw new UnknownNameError(
        'metric',
        identifier,
        METRIC_NAMES,
        'For a custom metric, pass a function (yTrue, yPred) => Tensor or a Metric subclass instance.',
      );
    }
  }
}
