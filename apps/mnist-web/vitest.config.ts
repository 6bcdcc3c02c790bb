import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// Unit tests run against the packages' sources; the e2e test builds the app with vite (against the packages' dist,
// which turbo's ^build provides) and drives it in headless Chromium.
export default defineConfig({
  ...sharedConfig,
  test: {
    ...sharedConfig.test,
    include: ['src/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
