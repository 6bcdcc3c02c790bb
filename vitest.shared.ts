import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));

// Tests run against the workspace packages' sources, so a test never sees a stale dist and needs no build.
// (Type checking and the pack test still go through the built packages.)
const packageDirs = readdirSync(join(root, 'packages'));

// Subpath exports (`@strata/layers/testing`) map to `src/<subpath>/index.ts` or `src/<subpath>.ts`.
function subpathAliases(dir: string) {
  const manifest = join(root, 'packages', dir, 'package.json');
  if (!existsSync(manifest)) return [];
  const exportsMap = (JSON.parse(readFileSync(manifest, 'utf8')).exports ?? {}) as Record<string, unknown>;
  return Object.keys(exportsMap)
    .filter((key) => key.startsWith('./') && key !== './package.json')
    .flatMap((key) => {
      const sub = key.slice(2);
      const candidates = [
        join(root, 'packages', dir, 'src', sub, 'index.ts'),
        join(root, 'packages', dir, 'src', `${sub}.ts`),
      ];
      const source = candidates.find((file) => existsSync(file));
      return source ? [{ find: new RegExp(`^@strata/${dir}/${sub}$`), replacement: source }] : [];
    });
}

export const strataSourceAliases = packageDirs.flatMap((dir) => [
  ...subpathAliases(dir),
  { find: new RegExp(`^@strata/${dir}$`), replacement: join(root, 'packages', dir, 'src', 'index.ts') },
]);

/** Base vitest config for every package; spread it and add `test.include` etc. */
export const sharedConfig = {
  resolve: { alias: strataSourceAliases },
  test: {
    environment: 'node',
    // Generous: CI runs every package's suite at once on 2 cores, with headless Chromium among them.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    server: {
      deps: {
        // tfjs-core's deep ESM files (gradients, chained ops) sit in a CJS package: vite must transform them.
        // The main entry (tf-core.node.js) stays external, so there is one engine.
        inline: [/@tensorflow\/tfjs-core\/dist\/(?!tf-core\.)/],
      },
    },
  },
} satisfies ViteUserConfig;
