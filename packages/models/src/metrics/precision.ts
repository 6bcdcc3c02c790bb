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
 * Precision over all samples seen (Keras `Precision`, name `'precision'`): `TP / (TP + FP)`, where a prediction
 * is positive when `yPred > thresholds` (default 0.5) and a target is positive when non-zero; 0 when nothing was
 * predicted positive. Counts are weighted by `sampleWeight`.
 */
export class Precision extends Metric {
  static override readonly className: string = 'Precision';
  readonly thresholds: number;
  readonly topK: number | undefined;
  readonly classId: number | undefined;
  private readonly truePositives = this.addState([1]);
  private readonly falsePositives = this.addState([1]);

  constructor(args: PrecisionRecallArgs = {}) {
    super(args, 'precision', 'up');
    this.topK = args.topK;
    this.classId = args.classId;
    this.thresholds = args.thresholds ?? (args.topK === undefined ? 0.5 : NEG_INF);
  }

  updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): void {
    tf.tidy(() => {
      const c = confusionCounts(this.name, yTrue, yPred, [this.thresholds], {
        topK: this.topK,
        classId: this.classId,
        sampleWeight,
      });
      this.truePositives.assign(tf.add(this.truePositives, c.truePositives));
      this.falsePositives.assign(tf.add(this.falsePositives, c.falsePositives));
    });
  }

  result(): tf.Scalar {
    return tf.tidy(
      () =>
        tf.reshape(
          tf.divNoNan(this.truePositives, tf.add(this.truePositives, this.falsePositives)),
          [],
        ) as tf.Scalar,
    );
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), thresholds: this.thresholds, topK: this.topK, classId: this.classId };
  }
}
