import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));

// Tests run against the workspace packages' sources, so a test never sees a stale dist and needs no build.
// (Type checking and the pack test still go through the built packages.)
const packageDirs = readdirSync(join(root, 'packages'));
export const strataSourceAliases = packageDirs.map((dir) => ({
  find: new RegExp(`^@strata/${dir}$`),
  replacement: join(root, 'packages', dir, 'src', 'index.ts'),
}));

/** Base vitest config for every package; spread it and add `test.include` etc. */
export const sharedConfig = {
  resolve: { alias: strataSourceAliases },
  test: {
    environment: 'node',
    testTimeout: 30_000,
    server: {
      deps: {
        // tfjs-core's deep ESM files (gradients, chained ops) sit in a CJS package: vite must transform them.
        // The main entry (tf-core.node.js) stays external, so there is one engine.
        inline: [/@tensorflow\/tfjs-core\/dist\/(?!tf-core\.)/],
      },
    },
  },
} satisfies ViteUserConfig;
