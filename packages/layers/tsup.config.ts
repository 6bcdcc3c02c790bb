import { defineConfig } from 'tsup';

export default defineConfig({
  // The './testing' subpath (runLayerTest) is its own entry so apps that never test layers do not load it.
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  // Both entries share one chunk for the layer registry (serialization.ts); without splitting the CJS testing
  // bundle would get its own empty copy and deserializeLayer there would know no layers.
  splitting: true,
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
});
