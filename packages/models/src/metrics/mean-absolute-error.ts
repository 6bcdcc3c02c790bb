import { withRankMatching } from '../losses/loss.js';
import { meanAbsoluteError } from '../losses/mean-absolute-error.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricArgs } from './metric.js';

/**
 * Mean absolute error over all samples seen (Keras metric `MeanAbsoluteError`, name `'mean_absolute_error'`):
 * `mean(|yTrue - yPred|)`, weighted by `sampleWeight`.
 */
export class MeanAbsoluteError extends MeanMetricWrapper {
  static override readonly className = 'MeanAbsoluteError';
  constructor(args: MetricArgs = {}) {
    super(withRankMatching(meanAbsoluteError), { name: args.name ?? 'mean_absolute_error' }, 'down');
  }
}
