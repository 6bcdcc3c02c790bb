import { defineBackend, type KitBackendPlugin } from '@strata/backend-kit';
import { getBackendPlugin, registerBackendPlugin } from '@strata/core';
import { KernelLog } from './kernel-log.js';

/** A trace backend: the base backend, with every kernel call counted and timed in `log`. */
export interface TracePlugin extends KitBackendPlugin {
  readonly log: KernelLog;
}

/**
 * Wraps a backend so every kernel call is counted and timed. It has no kernels of its own: all are inherited
 * from `base` and run through the plugin's `wrap`, so results are the base's, bit for bit.
 * @example
 * registerBackendPlugin(traceBackend('wasm')); // 'trace:wasm'
 * await useBackend('trace:wasm'); ... ; console.log(getTraceLog('trace:wasm')?.format());
 */
export function traceBackend(base = 'cpu', options: { name?: string; log?: KernelLog } = {}): TracePlugin {
  const log = options.log ?? new KernelLog();
  const plugin = defineBackend({
    name: options.name ?? `trace:${base}`,
    base,
    kernels: [],
    // Below every real backend, so useBackend() without a name never picks a profiler.
    priority: -1,
    wrap: (call, next) => log.record(call.kernelName, next),
    describe: () => ({ base, tracing: true, calls: log.calls }),
  });
  return Object.assign(plugin, { log });
}

/** The log of a registered trace backend, or undefined if `name` is not one. */
export function getTraceLog(name: string): KernelLog | undefined {
  const plugin = getBackendPlugin(name) as Partial<TracePlugin> | undefined;
  return plugin?.log instanceof KernelLog ? plugin.log : undefined;
}

/**
 * Registers `trace:<base>` for each base, and `trace` for `STRATA_TRACE_BASE` (default cpu), so a program
 * picks the profiler at run time: `STRATA_BACKEND=trace node app.js` or `--backend trace:wasm`.
 * Bases must be registered plugins already (import their packages first). Returns the names registered.
 */
export function registerTraceBackends(bases: readonly string[] = ['cpu', 'wasm', 'webgl']): string[] {
  const names: string[] = [];
  for (const base of bases) {
    if (!getBackendPlugin(base)) continue;
    registerBackendPlugin(traceBackend(base));
    names.push(`trace:${base}`);
  }
  const fromEnv = typeof process !== 'undefined' ? process.env?.STRATA_TRACE_BASE : undefined;
  const defaultBase = fromEnv?.trim() || 'cpu';
  registerBackendPlugin(traceBackend(defaultBase, { name: 'trace' }));
  names.push('trace');
  return names;
}
