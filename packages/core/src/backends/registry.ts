import * as tf from '@tensorflow/tfjs-core';
import { BackendLoadError, BackendNotFoundError } from '../errors/errors.js';
import type { BackendInfo, BackendPlugin } from './backend-plugin.js';

interface Entry {
  plugin: BackendPlugin;
  supported?: boolean;
  loading?: Promise<void>;
  loaded: boolean;
}

// Kept on globalThis so that two copies of @strata/core (e.g. ESM and CJS in one process) share one registry,
// just as tfjs-core shares one engine.
const registryKey = Symbol.for('strata.backendRegistry');
const globalScope = globalThis as unknown as Record<symbol, Map<string, Entry> | undefined>;
const registry: Map<string, Entry> = globalScope[registryKey] ?? new Map();
globalScope[registryKey] = registry;

/** Registers a plugin. Cheap (loads nothing) and idempotent by name: a second plugin of a known name is ignored. */
export function registerBackendPlugin(plugin: BackendPlugin): void {
  if (!plugin || typeof plugin.name !== 'string' || plugin.name === '' || typeof plugin.load !== 'function') {
    throw new TypeError(
      'registerBackendPlugin() takes an object with a non-empty `name` and a `load()` function; ' +
        'build one with defineBackend() from @strata/backend-kit or see BackendPlugin in @strata/core.',
    );
  }
  if (!registry.has(plugin.name)) registry.set(plugin.name, { plugin, loaded: false });
}

/** The registered plugin of that name, if any. */
export function getBackendPlugin(name: string): BackendPlugin | undefined {
  return registry.get(name)?.plugin;
}

/** Every registered backend: name, priority, whether it is supported here, loaded, active. Highest priority first. */
export async function listBackends(options: { check?: boolean } = {}): Promise<BackendInfo[]> {
  const entries = sortedEntries();
  if (options.check) await Promise.all(entries.map((e) => checkSupported(e).catch(() => false)));
  const active = currentBackend();
  return entries.map((e) => {
    const info: BackendInfo = {
      name: e.plugin.name,
      priority: e.plugin.priority ?? 0,
      supported: e.supported,
      loaded: e.loaded,
      active: e.plugin.name === active,
    };
    if (e.loaded && e.plugin.describe) info.details = e.plugin.describe();
    return info;
  });
}

/** The name of the active tfjs backend, or `undefined` if none has been activated yet. */
export function currentBackend(): string | undefined {
  // tf.getBackend() would initialise the best registered tfjs backend as a side effect; this only looks.
  const engine = tf.engine() as unknown as { backendName: string | null };
  return engine.backendName ?? undefined;
}

/**
 * Loads and activates a backend.
 * - `useBackend('wasm')`: that one, or an error with its real cause.
 * - `useBackend(['webgl', 'wasm', 'cpu'])`: the first that loads and initialises; each one that fails is
 *   skipped with a warning that says why.
 * - `useBackend()`: `STRATA_BACKEND` (Node; a name or a comma-separated list) if set, otherwise every
 *   registered plugin that is supported here, highest priority first.
 * Tensors made before a switch stay valid: tfjs moves their data to the new backend when they are next used.
 * @returns the name of the backend now active.
 */
export async function useBackend(choice?: string | readonly string[]): Promise<string> {
  const names = choice === undefined ? defaultChoice() : typeof choice === 'string' ? [choice] : [...choice];
  if (names.length === 0) {
    throw new BackendNotFoundError(choice === undefined ? '(none)' : '(empty list)', [...registry.keys()]);
  }
  if (names.length === 1) {
    const name = names[0]!;
    await activate(name);
    return name;
  }
  const failures: string[] = [];
  for (const name of names) {
    try {
      await activate(name);
      return name;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failures.push(`- ${name}: ${reason}`);
      console.warn(`[strata] backend '${name}' could not be used, trying the next one: ${reason}`);
    }
  }
  throw new BackendLoadError(
    names.join(','),
    `None of the backends ${names.map((n) => `'${n}'`).join(', ')} could be used here:\n${failures.join('\n')}\n` +
      `Install and import one that runs in this environment (@strata/backend-cpu runs everywhere).`,
  );
}

function defaultChoice(): string[] {
  const fromEnv = typeof process !== 'undefined' ? process.env?.STRATA_BACKEND : undefined;
  if (fromEnv && fromEnv.trim() !== '') {
    return fromEnv
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
  }
  return sortedEntries().map((e) => e.plugin.name);
}

function sortedEntries(): Entry[] {
  return [...registry.values()].sort((a, b) => (b.plugin.priority ?? 0) - (a.plugin.priority ?? 0));
}

async function checkSupported(entry: Entry): Promise<boolean> {
  if (entry.supported === undefined)
    entry.supported = entry.plugin.isSupported ? await entry.plugin.isSupported() : true;
  return entry.supported;
}

async function activate(name: string): Promise<void> {
  const entry = registry.get(name);
  if (!entry) throw new BackendNotFoundError(name, [...registry.keys()]);
  if (currentBackend() === name && entry.loaded) return;

  let supported: boolean;
  try {
    supported = await checkSupported(entry);
  } catch (cause) {
    throw new BackendLoadError(name, `Backend '${name}' failed its support check: ${messageOf(cause)}`, {
      cause,
    });
  }
  if (!supported) {
    throw new BackendLoadError(
      name,
      `Backend '${name}' is not supported in this environment. ` +
        `Choose another, e.g. useBackend(['${name}', 'cpu']) to fall back to cpu.`,
    );
  }

  try {
    entry.loading ??= entry.plugin.load();
    await entry.loading;
    entry.loaded = true;
  } catch (cause) {
    entry.loading = undefined; // a later call may try again
    throw new BackendLoadError(name, `Backend '${name}' failed to load: ${messageOf(cause)}`, { cause });
  }

  await initialise(name);
}

// tf.setBackend() swallows the reason a backend failed to start (it logs it and returns false). We run the
// factory ourselves to keep the real error, then hand the ready instance to tfjs.
async function initialise(name: string): Promise<void> {
  const engine = tf.engine() as unknown as { registry: Record<string, tf.KernelBackend | undefined> };
  if (!engine.registry[name]) {
    const factory = tf.findBackendFactory(name);
    if (!factory) {
      throw new BackendLoadError(
        name,
        `Backend plugin '${name}' loaded but registered no tfjs backend named '${name}'. ` +
          `Its load() must call tf.registerBackend('${name}', factory).`,
      );
    }
    let instance: tf.KernelBackend;
    try {
      instance = await factory();
    } catch (cause) {
      throw new BackendLoadError(name, `Backend '${name}' failed to initialise: ${messageOf(cause)}`, {
        cause,
      });
    }
    if (!instance) throw new BackendLoadError(name, `Backend '${name}' factory returned nothing.`);
    const priority = (tf.engine() as unknown as { registryFactory: Record<string, { priority: number }> })
      .registryFactory[name]?.priority;
    tf.removeBackend(name);
    tf.registerBackend(name, () => instance, priority ?? 1);
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new BackendLoadError(name, `tfjs refused to activate backend '${name}'.`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
