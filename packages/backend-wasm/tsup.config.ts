import { defineConfig } from 'tsup';
import { threadedFactorySource } from './scripts/threaded-factory-source.mjs';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // The CJS build locates worker/ and the installed wasm files through import.meta.url.
  shims: true,
  // See src/threaded-factory-source.ts.
  define: { __TFJS_WASM_THREADED_FACTORY__: JSON.stringify(threadedFactorySource()) },
  // The browser build finds the binaries in ../wasm/ (see src/wasm-files.ts).
  onSuccess: 'node scripts/copy-wasm.mjs',
});
