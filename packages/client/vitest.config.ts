import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // types.test.ts only asserts types: it runs under tsc (typecheck below), not at run time.
    exclude: ['test/types.test.ts'],
    typecheck: { enabled: true, include: ['test/types.test.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    maxWorkers: 2,
  },
});
