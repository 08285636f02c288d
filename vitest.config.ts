import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The platform workspace package's tests run here too, so `npm test` keeps covering them.
    include: ['test/unit/**/*.test.ts', 'platform/test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'threads',
  },
});
