import { defineConfig } from 'vitest/config';

// Unit tests live beside the code they test (`*.test.ts`); e2e/ belongs to Playwright.
export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'testing/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'native-codecs/**/*.test.ts', 'build/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
