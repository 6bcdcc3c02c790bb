import * as tf from '@strata/core';
import { confusionCounts, NEG_INF } from './confusion-matrix.js';
import { Metric, type MetricArgs } from './metric.js';

/** Options of `Precision` and `Recall`. */
export interface PrecisionRecallArgs extends MetricArgs {
  /** A prediction above it counts as positive. Default: `0.5` (with `topK`: any prediction in the top k). */
  thresholds?: number;
  /** Only the `topK` highest predictions of each row count as positive. Default: unset. */
  topK?: number;
  /** Only look at this class (column). Default: unset (all entries). */
  classId?: number;
}

/**
 * `TP / (TP + other)` accumulated over all samples seen, where `other` is the false positives (Precision) or the
 * false negatives (Recall); 0 while the denominator is 0. Counts are weighted by `sampleWeight`.
 */
export abstract class ConfusionRatio extends Metric {
  readonly thresholds: number;
  readonly topK: number | undefined;
  readonly classId: number | undefined;
  private readonly truePositives = this.addState([1]);
  private readonly others = this.addState([1]);

  constructor(
    args: PrecisionRecallArgs,
    defaultName: string,
    private readonly other: 'falsePositives' | 'falseNegatives',
  ) {
    super(args, defaultName, 'up');
    this.topK = args.topK;
    this.classId = args.classId;
    this.thresholds = args.thresholds ?? (args.topK === undefined ? 0.5 : NEG_INF);
  }

  updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): void {
    tf.tidy(() => {
      const counts = confusionCounts(this.name, yTrue, yPred, [this.thresholds], {
        topK: this.topK,
        classId: this.classId,
        sampleWeight,
      });
      this.truePositives.assign(tf.add(this.truePositives, counts.truePositives));
      this.others.assign(tf.add(this.others, counts[this.other]));
    });
  }

  result(): tf.Scalar {
    return tf.tidy(
      () =>
        tf.reshape(tf.divNoNan(this.truePositives, tf.add(this.truePositives, this.others)), []) as tf.Scalar,
    );
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), thresholds: this.thresholds, topK: this.topK, classId: this.classId };
  }
}
