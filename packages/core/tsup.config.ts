import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: {
    // rollup-plugin-dts drops side-effect imports; this one carries the chained-op typings (`x.add(y)`).
    banner: "import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';",
  },
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // The gradient and chained-op registrations are ESM files inside tfjs-core's CJS package: bundle them
  // (as the @tensorflow/tfjs umbrella does). Everything else of tfjs-core stays external: one engine.
  noExternal: [/^@tensorflow\/tfjs-core\/dist\//],
});
