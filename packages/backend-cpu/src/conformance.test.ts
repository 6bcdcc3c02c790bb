import { describeConformance } from '@strata/backend-kit/vitest';
import { plugin } from './index.js';

// cpu is the suite's reference: it is checked against the outputs recorded on it when the suite was written.
describeConformance(plugin);
