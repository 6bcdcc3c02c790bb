import '@strata/backend-cpu';
import { describeConformance } from '@strata/backend-kit/vitest';
import { traceBackend } from './trace-backend.js';

// A profiler must not change results: the trace backend passes the whole suite against cpu.
describeConformance(traceBackend('cpu', { name: 'trace-conformance' }));
