import { defineConfig } from 'vitest/config';

// Tests import sibling packages through their TypeScript source (the "@carepass/source"
// export condition), so `vitest` never depends on a stale build.
export default defineConfig({
  resolve: { conditions: ['@carepass/source'] },
  ssr: { resolve: { conditions: ['@carepass/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'scripts/**/*.test.ts'],
    // The type tests are also checked by `npm run typecheck` (tsc), so `npm test` runs vitest
    // without this pass (--typecheck.enabled=false); `npx vitest` still reports them as tests.
    typecheck: { enabled: true, tsconfig: './tsconfig.json', include: ['packages/*/src/**/*.test-d.ts'] },
    setupFiles: ['./scripts/test-support/network-trap.setup.ts'],
    // One module cache per worker across test files (no per-file isolation): importing the packages
    // from source once per worker rather than once per file takes `npm test` from 40 s of imports
    // to 10. Tests must not rely on module state another file left behind.
    isolate: false,
    maxWorkers: '100%',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
