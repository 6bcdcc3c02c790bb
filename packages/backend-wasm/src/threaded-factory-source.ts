declare const __TFJS_WASM_THREADED_FACTORY__: string;

/**
 * The text of tfjs-backend-wasm's threaded Emscripten factory file, inlined at build time (the `define` in
 * tsup.config.ts and vitest.config.ts). Browser workers evaluate it to start the module on their side.
 * tfjs-backend-wasm uses `factory.toString()` instead, which breaks once an app's minifier renames the variables
 * the function closes over (`ReferenceError: e is not defined` in the workers of a Vite production build).
 * Its own module so that bundlers can keep these 55 kB in a chunk that only threaded browser loads fetch.
 */
export const threadedFactorySource: string = __TFJS_WASM_THREADED_FACTORY__;
