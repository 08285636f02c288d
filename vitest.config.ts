import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The workspace's shared packages from this checkout, as tsconfig's paths name them (npm's link
  // in node_modules may point at another checkout's copy).
  resolve: {
    alias: {
      '@mitate/dicom-charset': fileURLToPath(
        new URL('./packages/dicom-charset/characterSet.ts', import.meta.url),
      ),
    },
  },
  test: {
    // The platform workspace package's tests run here too, so `npm test` keeps covering them.
    include: ['test/unit/**/*.test.ts', 'platform/test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'threads',
  },
});
