export { backendFromArgs } from './backend-from-args.js';
export { KernelLog, type KernelStats } from './kernel-log.js';
export { getTraceLog, registerTraceBackends, type TracePlugin, traceBackend } from './trace-backend.js';
export { trainConvNet, type WorkloadResult } from './workload.js';
