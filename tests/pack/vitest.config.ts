import { defineConfig } from 'vitest/config';

// No @strata source aliases here: this suite must see only what npm installs from the packed tarballs.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // Packing, one npm install (tfjs comes from the registry or the npm cache) and publint/attw per package.
    hookTimeout: 110_000,
    testTimeout: 60_000,
  },
});
