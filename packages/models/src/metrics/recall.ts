import { ConfusionRatio, type PrecisionRecallArgs } from './confusion-ratio.js';

/**
 * Recall over all samples seen (Keras `Recall`, name `'recall'`): `TP / (TP + FN)`, where a prediction is
 * positive when `yPred > thresholds` (default 0.5) and a target is positive when non-zero; 0 when there were no
 * positive targets. Counts are weighted by `sampleWeight`.
 */
export class Recall extends ConfusionRatio {
  static override readonly className: string = 'Recall';
  constructor(args: PrecisionRecallArgs = {}) {
    super(args, 'recall', 'falseNegatives');
  }
}
