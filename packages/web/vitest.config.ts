import { defineConfig } from 'vitest/config';

// Browser tests: each file starts its own mailsink and Chromium; two cores, so one file at a time.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
