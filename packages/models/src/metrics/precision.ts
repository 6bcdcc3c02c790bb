import { ConfusionRatio, type PrecisionRecallArgs } from './confusion-ratio.js';

export type { PrecisionRecallArgs } from './confusion-ratio.js';

/**
 * Precision over all samples seen (Keras `Precision`, name `'precision'`): `TP / (TP + FP)`, where a prediction
 * is positive when `yPred > thresholds` (default 0.5) and a target is positive when non-zero; 0 when nothing was
 * predicted positive. Counts are weighted by `sampleWeight`.
 */
export class Precision extends ConfusionRatio {
  static override readonly className: string = 'Precision';
  constructor(args: PrecisionRecallArgs = {}) {
    super(args, 'precision', 'falsePositives');
  }
}
