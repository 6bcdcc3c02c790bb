/** The three binaries tfjs-backend-wasm ships; which one loads depends on what the runtime supports. */
export const wasmFileNames = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
] as const;

export type WasmFileName = (typeof wasmFileNames)[number];

/** The binary for a runtime: there is no threaded build without SIMD. */
export function binaryFor(simd: boolean, threads: boolean): WasmFileName {
  if (simd && threads) return 'tfjs-backend-wasm-threaded-simd.wasm';
  return simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
}

/**
 * Where a browser build finds the binaries when the user configures nothing: copies of tfjs-backend-wasm's files
 * in this package's `wasm/` folder (see scripts/copy-wasm.mjs). `new URL('<literal>', import.meta.url)` is the
 * pattern bundlers (Vite, webpack 5, Parcel) recognise: they emit each file as an asset and rewrite the URL.
 * The path is the same from `src/` (tests) and `dist/` (published).
 */
export function bundledWasmUrl(file: WasmFileName): string {
  switch (file) {
    case 'tfjs-backend-wasm.wasm':
      return new URL('../wasm/tfjs-backend-wasm.wasm', import.meta.url).href;
    case 'tfjs-backend-wasm-simd.wasm':
      return new URL('../wasm/tfjs-backend-wasm-simd.wasm', import.meta.url).href;
    case 'tfjs-backend-wasm-threaded-simd.wasm':
      return new URL('../wasm/tfjs-backend-wasm-threaded-simd.wasm', import.meta.url).href;
  }
}
