import { defineConfig } from 'vitest/config';

// Unit tests are pure and fast; integration tests drive the real Python bridge and onnxruntime.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
