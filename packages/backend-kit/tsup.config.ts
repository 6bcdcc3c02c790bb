import { defineConfig } from 'tsup';

export default defineConfig({
  // `vitest` is a subpath so the main entry never imports vitest.
  entry: { index: 'src/index.ts', vitest: 'src/vitest.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  external: ['vitest'],
});
