import { registerBackendPlugin } from '@strata/core';
import { plugin } from './plugin.js';

// The package's only side effect: make 'cpu' available to useBackend().
registerBackendPlugin(plugin);

export { plugin };
