import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../../vitest.shared.js';

// `pnpm --filter @strata/backend-kit coverage`: runs scripts/kernel-coverage.run.ts under vitest (so the backend
// packages load from source, as in tests) and writes docs/kernel-coverage.md.
export default defineConfig({
  ...sharedConfig,
  test: { ...sharedConfig.test, include: ['scripts/kernel-coverage.run.ts'], testTimeout: 300_000 },
});
