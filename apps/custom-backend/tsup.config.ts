import { defineConfig } from 'tsup';

// An app: ESM only, and `start.ts` is the program `pnpm start` runs.
export default defineConfig({
  entry: ['src/index.ts', 'src/start.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
});
