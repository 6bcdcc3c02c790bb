import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // The CJS build locates worker/ and the installed wasm files through import.meta.url.
  shims: true,
  // The browser build finds the binaries in ../wasm/ (see src/wasm-files.ts).
  onSuccess: 'node scripts/copy-wasm.mjs',
});
