import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests open real sockets and child processes; on 2 cores fewer workers is steadier.
    maxWorkers: 2,
  },
});
