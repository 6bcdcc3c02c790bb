import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// Two projects: Node (where WebGL must be reported unsupported) and headless Chromium, where SwiftShader
// gives a real WebGL2 context without a GPU (see /work/shared/RECIPES.md).
export default defineConfig({
  ...sharedConfig,
  test: {
    ...sharedConfig.test,
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['src/**/*.test.ts'], exclude: ['src/**/*.browser.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          // `pnpm bench` runs bench/*.browser.bench.ts in the same browser setup (not part of `pnpm test`).
          include: process.env.STRATA_BENCH ? ['bench/**/*.browser.bench.ts'] : ['src/**/*.browser.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
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
