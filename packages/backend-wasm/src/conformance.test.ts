import '@strata/backend-cpu'; // the reference
import { describeConformance } from '@strata/backend-kit/vitest';
import { plugin } from './index.js';

describeConformance(plugin);
