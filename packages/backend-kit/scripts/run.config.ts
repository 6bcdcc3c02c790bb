import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../../vitest.shared.js';

// The kit's generator scripts (scripts/*.run.ts) run under vitest, so the workspace packages load from source
// as in tests: `pnpm --filter @strata/backend-kit coverage` and `... golden`.
export default defineConfig({
  ...sharedConfig,
  test: { ...sharedConfig.test, include: ['scripts/*.run.ts'], testTimeout: 300_000 },
});
