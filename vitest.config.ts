import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // PGlite starts a whole PostgreSQL in WebAssembly (seconds on a busy machine); servers and browsers too.
    testTimeout: 60_000,
    // Two files at a time even on two cores: much of a browser or server test is waiting on another
    // process, and the suites are made to run side by side (own databases, ports, temp folders).
    maxWorkers: 2,
    // A page waits for data that a loaded machine serves slowly: polls get 15 s, not vitest's 1 s.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 120_000,
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
