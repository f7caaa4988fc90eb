import { defineConfig } from 'vitest/config';

// Four kinds of tests, all run by `npm test`:
//  unit        pure code (shared/, decision functions of the core and the shell)
//  integration the core over real HTTP on loopback and real SQLite files in temp dirs
//  browser     the window in Debian's Chromium (playwright-core) against the headless server
//  packaging   the real electron-builder building the Linux packages, and `npm run dist` keeping the Node build
export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    setupFiles: ['test/support/network.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'browser', include: ['test/browser/**/*.test.ts'], fileParallelism: false, testTimeout: 60_000 },
      },
      { extends: true, test: { name: 'packaging', include: ['test/packaging/**/*.test.ts'], testTimeout: 60_000 } },
    ],
  },
});
