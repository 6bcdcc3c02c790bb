import type { KernelBackend } from '@strata/core';

/**
 * A backend instance for a plugin that inherits kernels from `base`: the base instance itself, seen through a
 * Proxy so tfjs registers it under a second name.
 *
 * Why share rather than construct a second instance of the base's class: the inherited kernels read the
 * backend's own storage (cpu's `data`, webgl's textures, wasm's heap), so they need an instance of that
 * class; a second instance needs the base's constructor arguments (wasm's needs the loaded module) and,
 * for wasm, would hand out tensor ids that collide with the first one's in the shared module. Sharing also
 * means switching between the base and the plugin moves no data.
 */
export function shareBackend(base: KernelBackend): KernelBackend {
  return new Proxy(base, {
    get(target, property, receiver) {
      // tf.removeBackend(plugin) and engine resets dispose every registered instance: the base's own
      // registration owns it, so disposing the plugin's view must leave it alone.
      if (property === 'dispose') return () => {};
      return Reflect.get(target, property, receiver);
    },
  });
}
