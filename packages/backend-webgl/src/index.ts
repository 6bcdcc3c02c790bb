import { registerBackendPlugin } from '@strata/core';
import { plugin } from './plugin.js';

// The package's only side effect: make 'webgl' available to useBackend(). Nothing WebGL is touched here,
// so importing this package in Node is harmless.
registerBackendPlugin(plugin);

export { plugin };
