import { getBackendPlugin, getKernelsForBackend, InvalidArgumentError } from '@strata/core';

/** Where a backend's kernel comes from. */
export type KernelOrigin = 'native' | 'inherited' | 'missing';

/** The kernels of one backend, split by origin. */
export interface KernelSources {
  backend: string;
  /** For plugins made with `defineBackend({ base })`: the backend the inherited kernels come from. */
  base?: string;
  /** Implemented by the backend itself (all kernels of a backend not made with the kit). */
  native: string[];
  /** Copied from `base`. */
  inherited: string[];
}

interface Origins {
  base?: string;
  native: Set<string>;
  inherited: Set<string>;
}

// On globalThis, like core's plugin registry, so duplicate copies of the kit agree.
const originsKey = Symbol.for('strata.backendKit.kernelOrigins');
const globalScope = globalThis as unknown as Record<symbol, Map<string, Origins> | undefined>;
const origins: Map<string, Origins> = globalScope[originsKey] ?? new Map();
globalScope[originsKey] = origins;

/** Called by defineBackend's load(): records which kernels a plugin implements and which it inherits. */
export function recordKernelOrigins(
  backend: string,
  base: string | undefined,
  native: Iterable<string>,
  inherited: Iterable<string>,
): void {
  origins.set(backend, { ...(base ? { base } : {}), native: new Set(native), inherited: new Set(inherited) });
}

/**
 * The kernels registered for a backend, sorted. Kernels register when the plugin loads, so load it first
 * (`await useBackend(name)`).
 * @example await useBackend('cpu'); kernelsOf('cpu').includes('Conv2DBackpropFilter'); // true
 */
export function kernelsOf(backend: string): string[] {
  const names = getKernelsForBackend(backend).map((k) => k.kernelName);
  if (names.length === 0) {
    if (!getBackendPlugin(backend)) {
      throw new InvalidArgumentError(
        `No backend named '${backend}' is registered, and no kernels are registered under that name. ` +
          `Check the name (listBackends() shows them) or import the plugin's package first.`,
      );
    }
    throw new InvalidArgumentError(
      `Backend '${backend}' has no kernels registered yet: its plugin registers them when it loads. ` +
        `Call await useBackend('${backend}') before kernelsOf('${backend}').`,
    );
  }
  return [...new Set(names)].sort();
}

/** A backend's kernels split into native and inherited (see `KernelSources`). */
export function kernelSources(backend: string): KernelSources {
  const all = kernelsOf(backend);
  const recorded = origins.get(backend);
  if (!recorded) return { backend, native: all, inherited: [] };
  return {
    backend,
    ...(recorded.base ? { base: recorded.base } : {}),
    native: all.filter((k) => !recorded.inherited.has(k)),
    inherited: all.filter((k) => recorded.inherited.has(k)),
  };
}

/** Whether a backend implements a kernel itself, inherits it from its base, or lacks it. */
export function kernelOrigin(backend: string, kernel: string): KernelOrigin {
  const sources = kernelSources(backend);
  if (sources.inherited.includes(kernel)) return 'inherited';
  return sources.native.includes(kernel) ? 'native' : 'missing';
}
