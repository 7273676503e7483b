import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Scenario tests simulate minutes of traffic; they are bounded by event counts, and this
    // only stops a hung test, it is not a performance assertion.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
