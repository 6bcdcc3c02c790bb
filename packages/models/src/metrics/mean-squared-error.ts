import { withRankMatching } from '../losses/loss.js';
import { meanSquaredError } from '../losses/mean-squared-error.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricArgs } from './metric.js';

/**
 * Mean squared error over all samples seen (Keras metric `MeanSquaredError`, name `'mean_squared_error'`):
 * `mean((yTrue - yPred)²)`, weighted by `sampleWeight`.
 */
export class MeanSquaredError extends MeanMetricWrapper {
  static override readonly className = 'MeanSquaredError';
  constructor(args: MetricArgs = {}) {
    super(withRankMatching(meanSquaredError), { name: args.name ?? 'mean_squared_error' }, 'down');
  }
}
