import * as tf from '@strata/core';
import { formatShapeCode, InvalidArgumentError } from '@strata/core';
import { getLoss, type LossIdentifier } from '../losses/get-loss.js';
import { Loss } from '../losses/loss.js';
import { LossTracker } from './loss-tracker.js';

/**
 * `compile({ loss })`: one loss for every output, an array with one per output (`null` for an output without
 * loss), or an object keyed by output name.
 */
export type LossSpec = LossIdentifier | Array<LossIdentifier | null> | Record<string, LossIdentifier | null>;

/** `compile({ lossWeights })`: one factor per output (array), or by output name. Default: 1 for each. */
export type LossWeightsSpec = number[] | Record<string, number>;

interface OutputLoss {
  loss: Loss;
  weight: number;
  /** Tracks this output's (weighted) loss as `<output>_loss` when the model has several outputs. */
  tracker: LossTracker | undefined;
}

/**
 * The losses given to `compile`, matched to the model's outputs on the first batch (Keras 3 `CompileLoss`):
 * total = Σ weightᵢ · lossᵢ(yᵢ, ŷᵢ, sampleWeightᵢ). Names are resolved in the constructor, so a wrong name fails
 * in `compile`, not in the middle of `fit`.
 */
export class CompiledLoss {
  private readonly resolved: Loss | Array<Loss | null> | Record<string, Loss | null>;
  private outputs: Array<OutputLoss | null> | undefined;
  private outputNames: string[] = [];

  constructor(
    spec: LossSpec,
    private readonly weights?: LossWeightsSpec,
  ) {
    if (Array.isArray(spec)) {
      this.resolved = spec.map((s) => (s === null ? null : getLoss(s)));
    } else if (isLossMap(spec)) {
      this.resolved = Object.fromEntries(
        Object.entries(spec).map(([k, s]) => [k, s === null ? null : getLoss(s)]),
      );
    } else {
      this.resolved = getLoss(spec);
    }
    if (weights !== undefined) checkWeights(weights);
  }

  /** Whether `build` ran (it needs the number and names of the outputs). */
  get built(): boolean {
    return this.outputs !== undefined;
  }

  /** Per-output loss trackers (several outputs only), for `model.metrics`. */
  get trackers(): LossTracker[] {
    return (this.outputs ?? []).flatMap((o) => (o?.tracker ? [o.tracker] : []));
  }

  /** The loss of output `index` after `build` (`null` for an output without loss). */
  lossAt(index: number): Loss | null {
    return this.outputs?.[index]?.loss ?? null;
  }

  /** Matches the losses and weights to the outputs. Throws, changing nothing, if they do not fit. */
  build(outputNames: string[]): void {
    const count = outputNames.length;
    const perOutput = matchToOutputs('loss', this.resolved, outputNames, (l) => l instanceof Loss);
    const weights =
      this.weights === undefined
        ? outputNames.map(() => 1)
        : matchToOutputs('lossWeights', this.weights, outputNames, (w) => typeof w === 'number').map(
            (w) => w ?? 1,
          );
    if (perOutput.every((l) => l === null)) {
      throw new InvalidArgumentError(
        `compile(): every output's loss is null, so there is nothing to train. Give at least one output a loss.`,
      );
    }
    this.outputNames = outputNames;
    this.outputs = perOutput.map((loss, i) =>
      loss === null
        ? null
        : {
            loss,
            weight: weights[i]!,
            tracker: count > 1 ? new LossTracker(`${outputNames[i]}_loss`) : undefined,
          },
    );
  }

  /**
   * The weighted sum of the outputs' losses (a scalar), updating the per-output trackers. `y` and `yPred` hold
   * one tensor per output.
   */
  compute(
    y: tf.Tensor[],
    yPred: tf.Tensor[],
    sampleWeight: Array<tf.Tensor | undefined>,
    where: string,
  ): tf.Scalar {
    const outputs = this.outputs!;
    if (y.length !== outputs.length) {
      throw new InvalidArgumentError(
        `${where}: the model has ${outputs.length} output${outputs.length === 1 ? '' : 's'} ` +
          `(${this.outputNames.join(', ')}) but y has ${y.length} target tensor${y.length === 1 ? '' : 's'}. ` +
          (outputs.length > 1
            ? 'Pass y as an array with one target tensor per output, in the order of the outputs.'
            : 'Pass y as one tensor.'),
      );
    }
    const batchSize = yPred[0]!.shape[0] ?? 1;
    const terms: tf.Tensor[] = [];
    outputs.forEach((output, i) => {
      if (output === null) return;
      let value: tf.Tensor;
      try {
        value = output.loss.apply(y[i]!, yPred[i]!, sampleWeight[i]);
      } catch (error) {
        throw withOutputContext(
          error,
          outputs.length > 1 ? this.outputNames[i]! : undefined,
          y[i]!,
          yPred[i]!,
          where,
        );
      }
      if (value.rank !== 0) value = tf.mean(value);
      if (output.weight !== 1) value = tf.mul(value, output.weight);
      output.tracker?.updateState(value, batchSize);
      terms.push(value);
    });
    return (terms.length === 1 ? terms[0]! : tf.addN(terms)) as tf.Scalar;
  }

  dispose(): void {
    for (const t of this.trackers) t.dispose();
  }
}

function isLossMap(spec: LossSpec): spec is Record<string, LossIdentifier | null> {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return false;
  const proto = Object.getPrototypeOf(spec);
  // `{ className, config }` is one serialized loss, not a map of output names.
  return (proto === Object.prototype || proto === null) && !('className' in spec);
}

function checkWeights(weights: LossWeightsSpec): void {
  const values = Array.isArray(weights) ? weights : Object.values(weights);
  if (
    typeof weights !== 'object' ||
    weights === null ||
    values.some((w) => typeof w !== 'number' || !Number.isFinite(w))
  ) {
    throw new InvalidArgumentError(
      `compile(): lossWeights must be an array of finite numbers (one per output) or an object of them keyed ` +
        `by output name, got ${JSON.stringify(weights)}.`,
    );
  }
}

/**
 * Spreads a compile argument over the outputs: one value for all, an array with one per output, or an object
 * keyed by output name (missing names get `null`). Throws with the output names when it does not fit.
 */
export function matchToOutputs<T>(
  what: string,
  spec: T | Array<T | null> | Record<string, T | null>,
  outputNames: string[],
  isSingle: (value: unknown) => boolean,
): Array<T | null> {
  if (Array.isArray(spec)) {
    if (spec.length !== outputNames.length) {
      throw new InvalidArgumentError(
        `compile(): ${what} is an array of ${spec.length}, but the model has ${outputNames.length} output` +
          `${outputNames.length === 1 ? '' : 's'} (${outputNames.join(', ')}). Give one entry per output, ` +
          `or an object keyed by output name.`,
      );
    }
    return spec;
  }
  if (!isSingle(spec) && typeof spec === 'object' && spec !== null) {
    const map = spec as Record<string, T | null>;
    const unknown = Object.keys(map).filter((k) => !outputNames.includes(k));
    if (unknown.length > 0) {
      throw new InvalidArgumentError(
        `compile(): ${what} names ${unknown.map((k) => `'${k}'`).join(', ')}, but the model's outputs are ` +
          `${outputNames.map((n) => `'${n}'`).join(', ')}. Key ${what} by these output names.`,
      );
    }
    return outputNames.map((n) => map[n] ?? null);
  }
  return outputNames.map(() => spec as T);
}

/** Adds which output and which shapes to an error from a loss (keeping its class and fix text). */
function withOutputContext(
  error: unknown,
  output: string | undefined,
  y: tf.Tensor,
  yPred: tf.Tensor,
  where: string,
): unknown {
  if (!(error instanceof Error)) return error;
  error.message +=
    `\n  in ${where}: ${output === undefined ? 'the' : `output '${output}':`} targets of shape ` +
    `${formatShapeCode(y.shape)} against predictions of shape ${formatShapeCode(yPred.shape)}`;
  return error;
}
