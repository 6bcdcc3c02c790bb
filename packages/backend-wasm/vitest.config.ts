import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';
import { threadedFactorySource } from './scripts/threaded-factory-source.mjs';

// Two projects: Node, and headless Chromium (Debian's /usr/bin/chromium; see /work/shared/RECIPES.md).
export default defineConfig({
  ...sharedConfig,
  // See src/threaded-factory-source.ts.
  define: { __TFJS_WASM_THREADED_FACTORY__: JSON.stringify(threadedFactorySource()) },
  test: {
    ...sharedConfig.test,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.browser.test.ts'],
          benchmark: { include: ['bench/**/*.ts'] },
        },
      },
      {
        extends: true,
        // Cross-origin isolation is what lets a page use SharedArrayBuffer, hence wasm threads.
        server: {
          headers: {
            'Cross-Origin-Opener-Policy': 'same-origin',
            'Cross-Origin-Embedder-Policy': 'require-corp',
          },
        },
        test: {
          name: 'browser',
          include: ['src/**/*.browser.test.ts'],
          globalSetup: ['scripts/copy-wasm.mjs'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: {
                executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
                args: [
                  '--no-sandbox',
                  '--use-angle=swiftshader',
                  '--enable-unsafe-swiftshader',
                  '--ignore-gpu-blocklist',
                ],
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
