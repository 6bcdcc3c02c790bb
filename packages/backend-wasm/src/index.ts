import { registerBackendPlugin } from '@strata/core';
import { plugin } from './plugin.js';

// The package's only side effect: make 'wasm' available to useBackend(). Nothing loads until it is used.
registerBackendPlugin(plugin);

export { configureWasm, type WasmOptions } from './options.js';
export type { WasmFileName } from './wasm-files.js';
export { plugin };
