import * as tf from '@strata/core';
import { InvalidArgumentError } from '@strata/core';
import { EPSILON } from '../losses/loss-utils.js';
import { confusionCounts } from './confusion-matrix.js';
import { Metric, type MetricArgs } from './metric.js';

export interface AUCArgs extends MetricArgs {
  /** How many thresholds to place evenly in `[0, 1]` (plus one just below 0 and one just above 1). Default: 200. */
  numThresholds?: number;
  /** `'ROC'` (true-positive rate against false-positive rate) or `'PR'` (precision against recall). Default: `'ROC'`. */
  curve?: 'ROC' | 'PR';
  /**
   * How the area between thresholds is summed. Default: `'interpolation'` (trapezoids for ROC; Davis & Goadrich
   * interpolation for PR). `'minoring'` / `'majoring'` take the lower / higher end of each interval.
   */
  summationMethod?: 'interpolation' | 'minoring' | 'majoring';
  /** Explicit thresholds in `[0, 1]` instead of `numThresholds` evenly spaced ones. */
  thresholds?: number[];
  /** Whether `yPred` holds logits; a sigmoid is applied first. Default: `false`. */
  fromLogits?: boolean;
}

/**
 * Area under the ROC or PR curve over all samples seen (Keras `AUC`, name `'auc'`), approximated as Keras does:
 * confusion counts are accumulated at `numThresholds` thresholds (default 200: `-1e-7`, `i/199` for i in 1..198,
 * `1 + 1e-7`), and the curve through those points is integrated with the `summationMethod` (default trapezoids).
 * Predictions are probabilities in `[0, 1]` (or logits with `fromLogits`); targets are 0/1 (non-zero counts as 1).
 * Multi-label AUC (Keras `multi_label=True`) is not supported: all entries are pooled.
 */
export class AUC extends Metric {
  static override readonly className: string = 'AUC';
  readonly numThresholds: number;
  readonly curve: 'ROC' | 'PR';
  readonly summationMethod: 'interpolation' | 'minoring' | 'majoring';
  readonly fromLogits: boolean;
  /** The thresholds in use, including the two end points. */
  readonly thresholds: readonly number[];
  private readonly initThresholds: number[] | undefined;
  private readonly truePositives: tf.Variable;
  private readonly falsePositives: tf.Variable;
  private readonly trueNegatives: tf.Variable;
  private readonly falseNegatives: tf.Variable;

  constructor(args: AUCArgs = {}) {
    super(args, 'auc', 'up');
    this.curve = args.curve ?? 'ROC';
    this.summationMethod = args.summationMethod ?? 'interpolation';
    this.fromLogits = args.fromLogits ?? false;
    if (!['ROC', 'PR'].includes(this.curve)) {
      throw new InvalidArgumentError(`AUC got curve '${this.curve}'. Use 'ROC' or 'PR'.`);
    }
    if (!['interpolation', 'minoring', 'majoring'].includes(this.summationMethod)) {
      throw new InvalidArgumentError(
        `AUC got summationMethod '${this.summationMethod}'. Use 'interpolation', 'minoring' or 'majoring'.`,
      );
    }
    let inner: number[];
    if (args.thresholds !== undefined) {
      if (args.thresholds.some((t) => !(t >= 0 && t <= 1))) {
        throw new InvalidArgumentError(`AUC got thresholds [${args.thresholds}]. Each must be in [0, 1].`);
      }
      this.initThresholds = [...args.thresholds];
      inner = [...args.thresholds].sort((a, b) => a - b);
    } else {
      const n = args.numThresholds ?? 200;
      if (!Number.isInteger(n) || n <= 1) {
        throw new InvalidArgumentError(
          `AUC got numThresholds=${n}. Pass an integer > 1 (Keras default: 200).`,
        );
      }
      inner = Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1));
    }
    // End points just outside [0, 1] so predictions of exactly 0 or 1 fall inside the curve (as in Keras).
    this.thresholds = [0 - EPSILON, ...inner, 1 + EPSILON];
    this.numThresholds = this.thresholds.length;
    const n = this.numThresholds;
    this.truePositives = this.addState([n]);
    this.falsePositives = this.addState([n]);
    this.trueNegatives = this.addState([n]);
    this.falseNegatives = this.addState([n]);
  }

  updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): void {
    tf.tidy(() => {
      const p = this.fromLogits ? tf.sigmoid(yPred) : yPred;
      const c = confusionCounts(this.name, yTrue, p, this.thresholds, { sampleWeight });
      this.truePositives.assign(tf.add(this.truePositives, c.truePositives));
      this.falsePositives.assign(tf.add(this.falsePositives, c.falsePositives));
      this.trueNegatives.assign(tf.add(this.trueNegatives, c.trueNegatives));
      this.falseNegatives.assign(tf.add(this.falseNegatives, c.falseNegatives));
    });
  }

  result(): tf.Scalar {
    return tf.tidy(() => {
      const n = this.numThresholds;
      const tp = this.truePositives;
      if (this.curve === 'PR' && this.summationMethod === 'interpolation') return this.interpolatePrAuc();
      const recall = tf.divNoNan(tp, tf.add(tp, this.falseNegatives));
      let x: tf.Tensor;
      let y: tf.Tensor;
      if (this.curve === 'ROC') {
        x = tf.divNoNan(this.falsePositives, tf.add(this.falsePositives, this.trueNegatives));
        y = recall;
      } else {
        x = recall;
        y = tf.divNoNan(tp, tf.add(tp, this.falsePositives));
      }
      const head = (v: tf.Tensor) => tf.slice(v, 0, n - 1);
      const tail = (v: tf.Tensor) => tf.slice(v, 1, n - 1);
      const heights =
        this.summationMethod === 'interpolation'
          ? tf.div(tf.add(head(y), tail(y)), 2)
          : this.summationMethod === 'minoring'
            ? tf.minimum(head(y), tail(y))
            : tf.maximum(head(y), tail(y));
      return tf.sum(tf.mul(tf.sub(head(x), tail(x)), heights)) as tf.Scalar;
    });
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      numThresholds: this.numThresholds,
      curve: this.curve,
      summationMethod: this.summationMethod,
      thresholds: this.initThresholds,
      fromLogits: this.fromLogits,
    };
  }

  /** Keras's `interpolate_pr_auc` (Davis & Goadrich 2006): precision interpolated between thresholds. */
  private interpolatePrAuc(): tf.Scalar {
    const n = this.numThresholds;
    const head = (v: tf.Tensor) => tf.slice(v, 0, n - 1);
    const tail = (v: tf.Tensor) => tf.slice(v, 1, n - 1);
    const tp = this.truePositives;
    const dtp = tf.sub(head(tp), tail(tp));
    const p = tf.add(tp, this.falsePositives);
    const dp = tf.sub(head(p), tail(p));
    const precSlope = tf.divNoNan(dtp, tf.maximum(dp, 0));
    const intercept = tf.sub(tail(tp), tf.mul(precSlope, tail(p)));
    const bothPositive = tf.logicalAnd(tf.greater(head(p), 0), tf.greater(tail(p), 0));
    const safePRatio = tf.where(
      bothPositive,
      tf.divNoNan(head(p), tf.maximum(tail(p), 0)),
      tf.onesLike(tail(p)),
    );
    const increment = tf.divNoNan(
      tf.mul(precSlope, tf.add(dtp, tf.mul(intercept, tf.log(safePRatio)))),
      tf.maximum(tf.add(tail(tp), tail(this.falseNegatives)), 0),
    );
    return tf.sum(increment) as tf.Scalar;
  }
}
