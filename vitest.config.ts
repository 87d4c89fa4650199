import { defineConfig } from 'vitest/config';

// Tests import sibling packages through their TypeScript source (the "@carepass/source"
// export condition), so `vitest` never depends on a stale build.
export default defineConfig({
  resolve: { conditions: ['@carepass/source'] },
  ssr: { resolve: { conditions: ['@carepass/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'scripts/**/*.test.ts'],
    typecheck: { enabled: true, tsconfig: './tsconfig.json', include: ['packages/*/src/**/*.test-d.ts'] },
    setupFiles: ['./scripts/test-support/network-trap.setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
