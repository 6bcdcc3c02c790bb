import '@strata/backend-cpu'; // the reference
import { describeConformance } from '@strata/backend-kit/vitest';
import { plugin } from './index.js';

// SwiftShader renders WebGL on the CPU: the suite takes ~25 s here.
describeConformance(plugin, { timeoutMs: 300_000 });
