import * as tf from '@strata/core';
import { confusionCounts, NEG_INF } from './confusion-matrix.js';
import { Metric } from './metric.js';
import type { PrecisionRecallArgs } from './precision.js';

/**
 * Recall over all samples seen (Keras `Recall`, name `'recall'`): `TP / (TP + FN)`, where a prediction is
 * positive when `yPred > thresholds` (default 0.5) and a target is positive when non-zero; 0 when there were no
 * positive targets. Counts are weighted by `sampleWeight`.
 */
export class Recall extends Metric {
  static override readonly className: string = 'Recall';
  readonly thresholds: number;
  readonly topK: number | undefined;
  readonly classId: number | undefined;
  private readonly truePositives = this.addState([1]);
  private readonly falseNegatives = this.addState([1]);

  constructor(args: PrecisionRecallArgs = {}) {
    super(args, 'recall', 'up');
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
      this.falseNegatives.assign(tf.add(this.falseNegatives, c.falseNegatives));
    });
  }

  result(): tf.Scalar {
    return tf.tidy(
      () =>
        tf.reshape(
          tf.divNoNan(this.truePositives, tf.add(this.truePositives, this.falseNegatives)),
          [],
        ) as tf.Scalar,
    );
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), thresholds: this.thresholds, topK: this.topK, classId: this.classId };
  }
}
