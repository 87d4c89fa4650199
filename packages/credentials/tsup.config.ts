import { defineConfig } from 'tsup';
import shared from '../../tsup.library.js';

// Entries: the full API (index), the browser one without the file helpers and worker threads
// (browser), the worker thread of batch verification, which index starts from beside itself
// (shims give the CommonJS build an import.meta.url to find it by), and the two targets of the
// package's `#ed25519` import. `#ed25519` stays an import in the built files, so the consumer's
// resolver picks node:crypto under the `node` condition and the portable module everywhere else
// (package.json `imports`); nothing registers itself at load, hence `sideEffects: false`. CAREPASS_BUILT, with syntax
// minification (names and layout stay readable), folds away the test-only path that runs the
// worker from TypeScript source, so it is not in the published package.
export default defineConfig({
  ...(shared as object),
  entry: { index: 'src/index.ts', browser: 'src/browser.ts', 'verify-worker': 'src/batch/verify-worker.ts', 'ed25519-node': 'src/node/ed25519-node.ts', 'ed25519-portable': 'src/proof/ed25519-portable.ts' },
  external: ['#ed25519'],
  shims: true,
  define: { CAREPASS_BUILT: 'true' },
  esbuildOptions(options) {
    options.minifySyntax = true;
  },
});
