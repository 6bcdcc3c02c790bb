import {
  type BackendPlugin,
  currentBackend,
  findBackend,
  findBackendFactory,
  getBackendPlugin,
  getKernel,
  getKernelsForBackend,
  InvalidArgumentError,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  registerBackend,
  registerKernel,
  setBackend,
  unregisterKernel,
  useBackend,
} from '@strata/core';
import { ArrayBackend } from './array-backend.js';
import { isKernelDefinition, type KernelDefinition, type KernelOutput } from './define-kernel.js';
import { recordKernelOrigins } from './kernels-of.js';
import { shareBackend } from './share-backend.js';

/** One kernel call, as a `wrap` function sees it. */
export interface KernelCall {
  readonly kernelName: string;
  readonly backendName: string;
  readonly inputs: NamedTensorInfoMap;
  readonly attrs: NamedAttrMap;
  readonly backend: KernelBackend;
}

/** Runs around every kernel of a plugin (its own and inherited ones); call `next()` to run the kernel. */
export type KernelWrapper = (call: KernelCall, next: () => KernelOutput) => KernelOutput;

/** What `defineBackend` takes. */
export interface BackendDefinition {
  /** The name for `useBackend()`, `STRATA_BACKEND` and error messages. */
  name: string;
  /** Higher wins when the user names no backend. Default: 0 (the built-in backends use 1 to 3). */
  priority?: number;
  /**
   * A registered backend ('cpu', 'wasm', 'webgl', ...) whose kernels this plugin inherits for every kernel it
   * does not implement. Its plugin is loaded through the registry first, so import its package.
   * Default: none, and every op the plugin's users run needs a kernel in `kernels`.
   */
  base?: string;
  /** The plugin's own kernels, made with `defineKernel`. */
  kernels: readonly KernelDefinition[];
  /**
   * Makes the tfjs backend instance. Default: with `base`, the base's instance shared under this name (so
   * the inherited kernels find their data); without, an `ArrayBackend` that keeps tensors as typed arrays.
   */
  create?: () => KernelBackend | Promise<KernelBackend>;
  /** Whether this runtime can run the backend. Default: true (with `base`: whatever the base says). */
  isSupported?: () => boolean | Promise<boolean>;
  /** Runs around every kernel call: tracing, logging, NaN checks. Default: none. */
  wrap?: KernelWrapper;
  /** Facts for `listBackends()`. Default: `{ base, kernels: <own kernel names> }`. */
  describe?: () => Record<string, unknown>;
}

/** A plugin made by `defineBackend`: an ordinary `BackendPlugin` that also says what it is made of. */
export interface KitBackendPlugin extends BackendPlugin {
  readonly base: string | undefined;
  /** The tfjs names of the kernels the plugin implements itself. */
  readonly ownKernels: readonly string[];
}

/**
 * Defines a backend plugin from kernels. Register it with `registerBackendPlugin(plugin)`, then
 * `useBackend(name)` loads it like a built-in backend, and layers, models and `fit` run on it unchanged.
 * @example
 * import '@strata/backend-cpu';
 * const plugin = defineBackend({ name: 'js', base: 'cpu', kernels: [relu] }); // the rest inherited from cpu
 * registerBackendPlugin(plugin);
 * await useBackend('js');
 */
export function defineBackend(definition: BackendDefinition): KitBackendPlugin {
  const { name, base, kernels, create, wrap, priority } = validate(definition);
  const ownKernels: string[] = kernels.map((k) => k.name);

  async function load(): Promise<void> {
    const previous = currentBackend();
    const registered: string[] = [];
    try {
      const baseInstance = base ? await loadBase(name, base) : undefined;
      const own = new Set(ownKernels);
      const inherited: KernelConfig[] = base
        ? getKernelsForBackend(base).filter((config) => !own.has(config.kernelName))
        : [];

      for (const kernel of kernels) {
        registered.push(...register(name, kernel.name, kernel.kernelFuncFor(name), wrap));
      }
      for (const config of inherited) {
        registered.push(...register(name, config.kernelName, config.kernelFunc, wrap, config));
      }

      if (!findBackendFactory(name)) {
        const factory =
          create ?? (baseInstance ? () => shareBackend(baseInstance) : () => new ArrayBackend());
        registerBackend(name, factory, priority ?? 0);
      }
      recordKernelOrigins(
        name,
        base,
        ownKernels,
        inherited.map((c) => c.kernelName),
      );
    } catch (error) {
      // A failed load leaves the kernel registry as it was, so a later attempt starts clean.
      for (const kernelName of registered) unregisterKernel(kernelName, name);
      throw error;
    } finally {
      // Loading the base activated it; give the caller back the backend it had.
      if (base && previous !== undefined && currentBackend() !== previous) await setBackend(previous);
    }
  }

  const plugin: KitBackendPlugin = {
    name,
    base,
    ownKernels,
    ...(priority !== undefined ? { priority } : {}),
    isSupported: async () => {
      if (definition.isSupported && !(await definition.isSupported())) return false;
      const basePlugin = base ? getBackendPlugin(base) : undefined;
      return basePlugin?.isSupported ? basePlugin.isSupported() : true;
    },
    load,
    describe: definition.describe ?? (() => ({ ...(base ? { base } : {}), kernels: ownKernels })),
  };
  return plugin;
}

async function loadBase(name: string, base: string): Promise<KernelBackend> {
  if (!getBackendPlugin(base)) {
    throw new InvalidArgumentError(
      `Backend '${name}' inherits from '${base}', but no plugin named '${base}' is registered. ` +
        `Import it before using '${name}' (e.g. import '@strata/backend-${base}'), or change \`base\`.`,
    );
  }
  // Through the registry, so the base loads once and is initialised with its own settings.
  await useBackend(base);
  return findBackend(base) as KernelBackend;
}

// Returns the names it registered (none if the kernel was already there from an earlier attempt).
function register(
  backendName: string,
  kernelName: string,
  kernelFunc: KernelFunc,
  wrap: KernelWrapper | undefined,
  inheritedFrom?: KernelConfig,
): string[] {
  if (getKernel(kernelName, backendName)) return [];
  const func: KernelFunc = wrap
    ? (params) =>
        wrap(
          {
            kernelName,
            backendName,
            inputs: params.inputs,
            attrs: params.attrs ?? {},
            backend: params.backend as KernelBackend,
          },
          () => kernelFunc(params),
        )
    : kernelFunc;
  registerKernel({
    kernelName,
    backendName,
    kernelFunc: func,
    // wasm kernels look up their wasm functions once the backend exists.
    ...(inheritedFrom?.setupFunc ? { setupFunc: inheritedFrom.setupFunc } : {}),
    ...(inheritedFrom?.disposeFunc ? { disposeFunc: inheritedFrom.disposeFunc } : {}),
  });
  return [kernelName];
}

function validate(
  definition: BackendDefinition,
): BackendDefinition & { kernels: readonly KernelDefinition[] } {
  const { name, base, kernels } = definition ?? ({} as BackendDefinition);
  if (typeof name !== 'string' || name.trim() === '') {
    throw new InvalidArgumentError(
      `defineBackend() needs a non-empty \`name\`, got ${JSON.stringify(name)}. ` +
        `Write defineBackend({ name: 'mine', base: 'cpu', kernels: [...] }).`,
    );
  }
  if (base !== undefined && (typeof base !== 'string' || base === '' || base === name)) {
    throw new InvalidArgumentError(
      `defineBackend({ name: '${name}' }) got base ${JSON.stringify(base)}: base names another registered ` +
        `backend ('cpu', 'wasm', 'webgl', ...) whose kernels '${name}' inherits.`,
    );
  }
  if (!Array.isArray(kernels)) {
    throw new InvalidArgumentError(
      `defineBackend({ name: '${name}' }) needs \`kernels\`: a list made with defineKernel() (it may be empty ` +
        `with a base), got ${kernels === undefined ? 'nothing' : typeof kernels}.`,
    );
  }
  kernels.forEach((kernel, i) => {
    if (!isKernelDefinition(kernel)) {
      throw new InvalidArgumentError(
        `defineBackend({ name: '${name}' }): kernels[${i}] was not made with defineKernel(), got ` +
          `${typeof kernel}. Wrap it: defineKernel('Relu', ({ inputs, readValues, makeOutput }) => ...).`,
      );
    }
  });
  const seen = new Set<string>();
  const duplicates = kernels.map((k) => k.name).filter((k) => seen.size === seen.add(k).size);
  if (duplicates.length) {
    throw new InvalidArgumentError(
      `defineBackend({ name: '${name}' }) has two kernels for ${[...new Set(duplicates)].join(', ')}. ` +
        `Keep one per kernel name (aliases such as 'MatMul' count as their tfjs name, 'BatchMatMul').`,
    );
  }
  if (!base && !definition.create && kernels.length === 0) {
    throw new InvalidArgumentError(
      `defineBackend({ name: '${name}' }) has no kernels and no base, so it could run nothing. ` +
        `Set base: 'cpu' to inherit every kernel, or add kernels made with defineKernel().`,
    );
  }
  return definition;
}
