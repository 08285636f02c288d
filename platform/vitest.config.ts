import { defineConfig } from 'vitest/config';

// The platform's tests on their own (`npm test -w platform`); the root run includes them too.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'threads',
  },
});
