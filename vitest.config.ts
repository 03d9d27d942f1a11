import { defineConfig } from "vitest/config";

// One runner for every tier: core unit tests, server API tests on a real database,
// and browser journeys (e2e/) in Debian's Chromium.
export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "e2e/**/*.test.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
