import { type BackendPlugin, registerBackend, removeBackend } from '@strata/core';

/** The portable JavaScript backend: runs everywhere, the slowest of the built-in ones. */
export const plugin: BackendPlugin = {
  name: 'cpu',
  priority: 1,
  isSupported: () => true,
  // Imported lazily: registering a plugin must stay cheap.
  load: async () => {
    const { MathBackendCPU } = await import('@tensorflow/tfjs-backend-cpu');
    // tfjs-backend-cpu's first write in Node prints an advert for tfjs-node, which cannot be installed
    // here and is not a Strata backend; our own factory starts the backend with that notice already shown.
    removeBackend('cpu');
    registerBackend(
      'cpu',
      () => {
        const backend = new MathBackendCPU();
        (backend as unknown as { firstUse: boolean }).firstUse = false;
        return backend;
      },
      1,
    );
  },
  describe: () => ({ kind: 'javascript' }),
};
